using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using CallingBot.Core.Registry;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using CallingBot.Graph.Diagnostics;
using CallingBot.Graph.Logging;
using CallingBot.Graph.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Client;
using Microsoft.Graph.Communications.Common.Telemetry;
using Microsoft.Graph.Communications.Resources;
using Microsoft.Graph.Models;

namespace CallingBot.Graph.Calling;

/// <summary>
/// The Microsoft Graph calling service behind <see cref="ICallingPlatform"/>: owns the SDK's communications client,
/// turns SDK events into CallingBot events and feeds it authenticated notifications. Its map of call id to
/// <see cref="GraphPlatformCall"/> is only the adapter's object cache: whether a call is live or ended is the
/// <see cref="ICallRegistry"/>'s answer.
/// </summary>
public sealed partial class GraphCallingPlatform : ICallingPlatform, IDisposable
{
    private readonly ConcurrentDictionary<string, GraphPlatformCall> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly GraphCallingOptions _options;
    private readonly IGraphTokenSource _tokens;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IMediaSessionFactory? _mediaSessions;
    private readonly ICommunicationsClientConfigurator[] _configurators;
    private readonly ICallRegistry _registry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GraphCallingPlatform> _logger;
    private readonly GraphLoggerBridge _graphLogger;
    private readonly Lock _gate = new();
    private ICommunicationsClient? _client;
    private ICallEventSink? _sink;

    public GraphCallingPlatform(
        IOptions<GraphCallingOptions> options,
        IGraphTokenSource tokens,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        ICallRegistry registry,
        IMediaSessionFactory? mediaSessions = null,
        IEnumerable<ICommunicationsClientConfigurator>? configurators = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _httpClientFactory = httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _mediaSessions = mediaSessions;
        _configurators = configurators?.ToArray() ?? [];
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _logger = loggerFactory.CreateLogger<GraphCallingPlatform>();
        _graphLogger = new GraphLoggerBridge(loggerFactory.CreateLogger("CallingBot.Graph.Sdk"));
    }

    /// <summary>True once <see cref="Initialize"/> built the SDK client; notifications before that are refused.</summary>
    public bool IsReady => Volatile.Read(ref _client) is not null;

    /// <summary>The callback URL the service posts to (copied into each call's callbackUri).</summary>
    public Uri? CallbackUrl { get; private set; }

    /// <summary>The SDK's serializer-aware client; null until initialized.</summary>
    internal ICommunicationsClient? Client => Volatile.Read(ref _client);

    /// <summary>The recordResponse operations in flight on every call.</summary>
    internal RecordOperations RecordOperations { get; } = new();

    /// <summary>Number of calls the SDK holds (they leave on a deleted notification, or when the bot releases them).</summary>
    public int SdkCallCount => _client?.Calls().Count ?? 0;

    /// <summary>Number of calls in the adapter's own object cache.</summary>
    public int TrackedCallCount => _calls.Count;

    /// <summary>
    /// Builds the SDK client for <paramref name="callbackUrl"/> and subscribes to calls before any notification can arrive.
    /// </summary>
    public void Initialize(Uri callbackUrl)
    {
        ArgumentNullException.ThrowIfNull(callbackUrl);
        lock (_gate)
        {
            if (_client is not null)
            {
                throw new InvalidOperationException("The Graph calling platform is already initialized.");
            }

            // Before the SDK builds its Graph client: request bodies then give their pooled buffers back at once.
            Serialization.ReleasingJsonSerializationWriterFactory.Install();
            // And before it builds any Graph model: the models of every call it holds take a fraction of the memory.
            Serialization.CompactBackingStoreFactory.Install();
            var builder = new CommunicationsClientBuilder(_options.AppName, _options.AppId, _graphLogger.Logger);
#pragma warning disable GRAPHCOMM_AUTH_0001 // Inbound requests are authenticated by the host before the SDK parses them; the SDK's inbound path is unused.
            builder.SetAuthenticationProvider(new OutboundAuthenticationProvider(_tokens));
#pragma warning restore GRAPHCOMM_AUTH_0001
            builder.SetNotificationUrl(callbackUrl);
            builder.SetServiceBaseUrl(_options.ServiceBaseUrl);
            builder.SetHttpClient(_httpClientFactory.CreateClient(GraphHttpClients.Graph));
            foreach (var configurator in _configurators)
            {
                configurator.Configure(builder);
            }

            var client = builder.Build();
            // The SDK compares a resource before and after each notification by serializing both; with this in front
            // of its serializer, Graph models are written by their generated code instead of by reflection.
            if (!Serialization.ResourceComparisonSerializer.Install(client))
            {
                Log.SerializerKept(_logger, client.GetType().FullName ?? client.GetType().Name);
            }

            foreach (var configurator in _configurators)
            {
                configurator.OnBuilt(client);
            }

            // An operation notification nobody in the SDK waits for is queued (backlog) or processed by the call's queue.
            client.OnNotificationQueued += RecordOperations.OnNotification;
            client.OnNotificationProcessed += RecordOperations.OnNotification;
            var calls = client.Calls();
            calls.OnIncoming += OnIncoming;
            calls.OnUpdated += OnCallsUpdated;
            CallbackUrl = callbackUrl;
            Volatile.Write(ref _client, client);
            Log.Initialized(_logger, callbackUrl, _options.ServiceBaseUrl);
        }
    }

    public void Attach(ICallEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException("A call event sink is already attached.");
        }
    }

    public async Task<IPlatformCall> CreateCallAsync(OutboundCallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = RequireClient();
        var call = new Call
        {
            Targets = request.Targets.Select(t => GraphModelMapper.ToInvitation(t)).ToList(),
            RequestedModalities = [Modality.Audio],
            TenantId = request.TenantId ?? _options.TenantId,
            Subject = request.Subject,
            Source = new Microsoft.Graph.Models.ParticipantInfo
            {
                Identity = request.Source is { } source
                    ? GraphModelMapper.ToIdentitySet(source)
                    : new IdentitySet { Application = new Identity { Id = _options.AppId, DisplayName = _options.AppName } },
            },
        };
        IMediaSession media = null!;
        if (request.Media == MediaHosting.AppHosted)
        {
            media = RequireMediaSessions().Create(callId: null);
        }
        else
        {
            call.MediaConfig = new ServiceHostedMediaConfig();
        }

        var created = await GraphRequest.RunAsync(GraphOperation.CreateCall, callId: null, () => client.Calls().AddAsync(call, request.Media == MediaHosting.AppHosted ? media : null!, cancellationToken: cancellationToken), static c => c.Id).ConfigureAwait(false);
        return Track(created, call.TenantId);
    }

    public async Task<IPlatformCall> JoinMeetingAsync(MeetingJoinRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = RequireClient();
        ChatInfo chatInfo;
        MeetingInfo meetingInfo;
        if (request.Coordinates is { } coordinates)
        {
            chatInfo = new ChatInfo { ThreadId = coordinates.ThreadId, MessageId = coordinates.MessageId, ReplyChainMessageId = coordinates.ReplyChainMessageId };
            var organizer = new Identity { Id = coordinates.OrganizerId };
            organizer.AdditionalData["tenantId"] = coordinates.TenantId;
            meetingInfo = new OrganizerMeetingInfo { Organizer = new IdentitySet { User = organizer } };
        }
        else
        {
            chatInfo = new ChatInfo();
            meetingInfo = new JoinMeetingIdMeetingInfo { JoinMeetingId = request.JoinMeetingId, Passcode = request.Passcode };
        }

        JoinMeetingParameters parameters = request.Media == MediaHosting.AppHosted
            ? new JoinMeetingParameters(chatInfo, meetingInfo, RequireMediaSessions().Create(callId: null))
            : new JoinMeetingParameters(chatInfo, meetingInfo, [Modality.Audio], prefetchPrompts: null!);
        parameters.TenantId = request.TenantId ?? request.Coordinates?.TenantId ?? _options.TenantId;
        if (request.GuestDisplayName is { } guest)
        {
            parameters.GuestIdentity = new Identity { Id = Guid.NewGuid().ToString(), DisplayName = guest };
        }

        var created = await GraphRequest.RunAsync(GraphOperation.JoinMeeting, callId: null, () => client.Calls().AddAsync(parameters, cancellationToken: cancellationToken), static c => c.Id).ConfigureAwait(false);
        return Track(created, parameters.TenantId);
    }

    public async Task<RehydratedCall?> RehydrateAsync(string callId, string? tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        var client = RequireClient();
        var calls = client.Calls();
        var call = calls[callId];
        if (call is null)
        {
            // The SDK reads the call and its participants from the service (its default cache is the service itself)
            // and adds it to the collection; from then on the call's notifications update it like any other.
            try
            {
                await GraphRequest.RunAsync(
                    GraphOperation.Rehydrate,
                    callId,
                    () => client.RehydrateAsync($"/communications/calls/{callId}", tenantId ?? _options.TenantId ?? string.Empty, Guid.NewGuid()).WaitAsync(cancellationToken)).ConfigureAwait(false);
            }
            catch (PlatformException exception) when (exception.Kind is PlatformErrorKind.NotFound or PlatformErrorKind.Forbidden)
            {
                // Not up at the service, or not the application's call.
                return null;
            }

            call = calls[callId];
            if (call?.Resource is null)
            {
                return null;
            }
        }

        var platformCall = Track(call, tenantId);
        var resource = call.Resource;
        var participants = call.Participants
            .Where(p => p.Resource is not null)
            .Select(p => GraphModelMapper.FromParticipant(p.Resource))
            .ToArray();
        return new RehydratedCall(
            platformCall,
            GraphModelMapper.FromState(resource.State),
            resource.Direction == Microsoft.Graph.Models.CallDirection.Outgoing ? Core.Calls.CallDirection.Outgoing : Core.Calls.CallDirection.Incoming,
            resource.MediaConfig is AppHostedMediaConfig ? Core.Calls.MediaHosting.AppHosted : Core.Calls.MediaHosting.ServiceHosted,
            participants);
    }

    public void Dispose()
    {
        foreach (var call in _calls.Values)
        {
            call.Dispose();
        }

        _client?.Dispose();
        _graphLogger.Dispose();
    }

    private GraphPlatformCall Track(ICall call, string? requestedTenantId)
    {
        var sink = _sink ?? throw new InvalidOperationException("No call event sink is attached.");
        return _calls.GetOrAdd(call.Id, _ => new GraphPlatformCall(this, call, sink, _mediaSessions, requestedTenantId ?? _options.TenantId));
    }

    private ICommunicationsClient RequireClient() =>
        Volatile.Read(ref _client) ?? throw new InvalidOperationException("The Graph calling platform is not initialized yet.");

    private IMediaSessionFactory RequireMediaSessions() =>
        _mediaSessions ?? throw new InvalidOperationException("App-hosted media needs a media session factory; none is registered.");

    private void OnIncoming(ICallCollection sender, CollectionEventArgs<ICall> args)
    {
        using var traceParent = NotificationTraceContext.Restore(args.AdditionalData);
        foreach (var call in args.AddedResources ?? [])
        {
            try
            {
                var sink = _sink;
                if (sink is null)
                {
                    Log.NoSink(_logger, call.Id);
                    continue;
                }

                if (_registry.GetStatus(call.Id) == CallStatus.Ended)
                {
                    // A replayed or late "created" for a call that ended: the SDK made a new object for it; drop it.
                    Log.EndedCallRecreated(_logger, call.Id);
                    DropFromSdk(call);
                    continue;
                }

                var platformCall = Track(call, requestedTenantId: call.Resource.TenantId);
                var info = IncomingCallMapper.Map(call.Resource, call.Id, _options.TenantId ?? string.Empty, _timeProvider.GetUtcNow());
                sink.OnIncomingCall(platformCall, info);
            }
            catch (Exception exception)
            {
                Log.IncomingFailed(_logger, exception, call.Id);
            }
        }
    }

    private void OnCallsUpdated(ICallCollection sender, CollectionEventArgs<ICall> args)
    {
        using var traceParent = NotificationTraceContext.Restore(args.AdditionalData);
        foreach (var call in args.RemovedResources ?? [])
        {
            if (_calls.TryRemove(call.Id, out var platformCall))
            {
                platformCall.MarkRemoved();
            }
        }
    }

    /// <summary>
    /// The bot holds <paramref name="platformCall"/> no more: leave the object cache and, unless the service already
    /// deleted it, the SDK's call collection (the SDK otherwise keeps a call until a deleted notification that may
    /// never come, for example for a call the service never knew).
    /// </summary>
    internal void Release(GraphPlatformCall platformCall, ICall call)
    {
        _calls.TryRemove(new KeyValuePair<string, GraphPlatformCall>(platformCall.CallId, platformCall));
        DropFromSdk(call);
    }

    private void DropFromSdk(ICall call)
    {
        var calls = Client?.Calls();
        try
        {
            if (calls is not null && ReferenceEquals(calls[call.Id], call) && calls.TryForceRemove(call.Id, out _))
            {
                Log.SdkCallDropped(_logger, call.Id);
            }
        }
        catch (Exception exception)
        {
            Log.SdkCallDropFailed(_logger, exception, call.Id);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = GraphEventIds.GraphClientReady, EventName = nameof(GraphEventIds.GraphClientReady), Level = LogLevel.Information, Message = "Graph client ready: callbacks at {CallbackUrl}, service {ServiceBaseUrl}")]
        public static partial void Initialized(ILogger logger, Uri callbackUrl, Uri serviceBaseUrl);

        [LoggerMessage(EventId = GraphEventIds.IncomingFailed, EventName = nameof(GraphEventIds.IncomingFailed), Level = LogLevel.Error, Message = "Incoming call {CallId} could not be handed to the call manager")]
        public static partial void IncomingFailed(ILogger logger, Exception exception, string callId);

        [LoggerMessage(EventId = GraphEventIds.SdkSerializerKept, EventName = nameof(GraphEventIds.SdkSerializerKept), Level = LogLevel.Warning, Message = "The Graph SDK's client ({ClientType}) is not the one this adapter knows; its own serializer compares resources on each notification (correct, but more CPU per call)")]
        public static partial void SerializerKept(ILogger logger, string clientType);

        [LoggerMessage(EventId = GraphEventIds.NoSink, EventName = nameof(GraphEventIds.NoSink), Level = LogLevel.Warning, Message = "Incoming call {CallId} arrived before a call manager attached; ignored")]
        public static partial void NoSink(ILogger logger, string callId);

        [LoggerMessage(EventId = GraphEventIds.EndedCallRecreated, EventName = nameof(GraphEventIds.EndedCallRecreated), Level = LogLevel.Warning, Message = "Incoming call {CallId} ended before; its replayed notification is dropped")]
        public static partial void EndedCallRecreated(ILogger logger, string callId);

        [LoggerMessage(EventId = GraphEventIds.SdkCallDropped, EventName = nameof(GraphEventIds.SdkCallDropped), Level = LogLevel.Debug, Message = "Call {CallId} removed from the SDK's call collection")]
        public static partial void SdkCallDropped(ILogger logger, string callId);

        [LoggerMessage(EventId = GraphEventIds.SdkCallDropFailed, EventName = nameof(GraphEventIds.SdkCallDropFailed), Level = LogLevel.Warning, Message = "Call {CallId} could not be removed from the SDK's call collection")]
        public static partial void SdkCallDropFailed(ILogger logger, Exception exception, string callId);
    }
}
