using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Acs.Configuration;
using CallingBot.Acs.Diagnostics;
using CallingBot.Acs.Media;
using CallingBot.Acs.Models;
using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using CallingBot.Media.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Calling;

/// <summary>
/// Azure Communication Services behind <see cref="ICallingPlatform"/>: incoming calls from Event Grid's IncomingCall
/// event (<see cref="ProcessIncomingCall"/>), outbound calls through Create Call, and the Call Automation callback
/// events (<see cref="ProcessCallbackEvents"/>) turned into Core's <see cref="CallEvent"/>s and into the completion
/// of the actions that wait for them.
/// </summary>
public sealed partial class AcsCallingPlatform : ICallingPlatform
{
    private readonly AcsCallAutomationClient _client;
    private readonly AcsOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, AcsPlatformCall> _byConnection = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, AcsPlatformCall> _byCorrelation = new(StringComparer.OrdinalIgnoreCase);
    private ICallEventSink? _sink;

    public AcsCallingPlatform(AcsCallAutomationClient client, IOptions<AcsOptions> options, ILogger<AcsCallingPlatform> logger)
        : this(client, options, logger, TimeProvider.System)
    {
    }

    [ActivatorUtilitiesConstructor]
    public AcsCallingPlatform(AcsCallAutomationClient client, IOptions<AcsOptions> options, ILogger<AcsCallingPlatform> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = client;
        _options = options.Value;
        _logger = logger;
        _time = timeProvider;
    }

    /// <summary>
    /// Gives the callback URL when <see cref="AcsOptions.CallbackUrl"/> is not set: a host that learns its own address
    /// only once it listens (local mode on a dynamic port) sets this before the first call.
    /// </summary>
    public Func<Uri?>? CallbackUrlResolver { get; set; }

    /// <summary>
    /// The public base address of the bot's media endpoint when <see cref="AcsOptions.MediaStreamingTransportUrl"/> is
    /// not set; see <see cref="CallbackUrlResolver"/>.
    /// </summary>
    public Func<Uri?>? MediaStreamingUrlResolver { get; set; }

    /// <summary>
    /// The owner of the app-hosted media sessions; the host sets it before the first call. Without it, app-hosted
    /// media on ACS is not supported.
    /// </summary>
    public MediaSessionRegistry? MediaSessions { get; set; }

    /// <summary>How many ACS calls the platform tracks (answered or created, not yet ended).</summary>
    public int TrackedCallCount => _byConnection.Count + _byCorrelation.Count;

    public void Attach(ICallEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException("The ACS platform is already attached to an event sink.");
        }
    }

    public async Task<IPlatformCall> CreateCallAsync(OutboundCallRequest request, CancellationToken cancellationToken)
    {
        var createCall = ToCreateCallRequest(request);
        MediaSession? media = null;
        if (createCall.MediaStreamingOptions is { } streaming)
        {
            (media, var transportUrl) = OpenMediaSession(null);
            createCall = createCall with
            {
                MediaStreamingOptions = streaming with
                {
                    TransportUrl = transportUrl.AbsoluteUri,
                    StartMediaStreaming = StartMediaStreamingAtOnce,
                    AudioChannelType = AcsMediaStreaming.ChannelType(_options.MediaStreamingAudioChannel),
                    AudioFormat = AcsMediaStreaming.FormatName(_options.MediaStreamingAudioFormat),
                },
            };
        }

        CallConnectionProperties properties;
        try
        {
            properties = await _client.CreateCallAsync(createCall, cancellationToken).ConfigureAwait(false);
        }
        catch (AcsRequestException exception)
        {
            await CloseAsync(media).ConfigureAwait(false);
            throw AcsErrors.Translate(exception);
        }
        catch
        {
            await CloseAsync(media).ConfigureAwait(false);
            throw;
        }

        if (string.IsNullOrEmpty(properties.CallConnectionId))
        {
            await CloseAsync(media).ConfigureAwait(false);
            throw new PlatformException(PlatformErrorKind.Other, "The service created a call but returned no callConnectionId.");
        }

        var remote = AcsIdentifiers.ToModel(request.Targets[0], "call");
        var call = new AcsPlatformCall(_client, this, properties.CallConnectionId, properties.CallConnectionId, properties.ServerCallId, remote, null);
        if (media is not null)
        {
            media.BindCall(call.CallId);
            call.AttachMedia(media, started: StartMediaStreamingAtOnce);
        }

        Track(call);
        return call;
    }

    public Task<IPlatformCall> JoinMeetingAsync(MeetingJoinRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The Azure Communication Services platform cannot join Teams meetings; use the Graph platform.");

    /// <summary>
    /// Hands the <c>data</c> of an Event Grid <c>Microsoft.Communication.IncomingCall</c> event to the sink as an
    /// incoming call, whose id is the event's <c>correlationId</c>. Returns false when the data lacks the fields
    /// needed to answer (incomingCallContext, correlationId, from).
    /// </summary>
    public bool ProcessIncomingCall(JsonElement data)
    {
        var sink = _sink ?? throw new InvalidOperationException("Attach an event sink before processing ACS incoming calls.");
        if (data.ValueKind != JsonValueKind.Object
            || Text(data, "incomingCallContext") is not { } incomingCallContext
            || Text(data, "correlationId") is not { } correlationId
            || !data.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var caller = AcsIdentifiers.ToIdentity(from, Text(data, "callerDisplayName"));
        var callee = data.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Object ? AcsIdentifiers.ToIdentity(to, null) : null;
        var call = new AcsPlatformCall(_client, this, correlationId, null, Text(data, "serverCallId"), JsonNode.Parse(from.GetRawText())!.AsObject(), incomingCallContext);
        if (!_byCorrelation.TryAdd(correlationId, call))
        {
            // Event Grid delivers at least once: a repeated IncomingCall is the same call.
            Log.DuplicateIncomingCall(_logger, correlationId);
            return true;
        }

        Log.IncomingCall(_logger, correlationId);
        sink.OnIncomingCall(call, new IncomingCallInfo
        {
            CallId = correlationId,
            TenantId = string.Empty,
            Caller = caller,
            Callee = callee,
            ReceivedAt = _time.GetUtcNow(),
        });
        return true;
    }

    /// <summary>
    /// Turns one callback POST (a JSON array of CloudEvents) into Core events for the attached sink and completes the
    /// actions the events answer: <c>ParticipantsUpdated</c> → ParticipantsChanged (the difference from the last roster;
    /// an event whose sequenceNumber is not above the last one applied is stale and ignored); <c>CallConnected</c> → Established; <c>CallDisconnected</c> → Terminated, then
    /// removed; <c>ContinuousDtmfRecognitionToneReceived</c> → ToneReceived; PlayCompleted / SendDtmfTonesCompleted /
    /// CallTransferAccepted / Add- and RemoveParticipantSucceeded / MediaStreamingStarted and -Stopped (and their Failed
    /// twins) complete the waiting verb.
    /// Other event types are ignored. Returns how many events were handled.
    /// </summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public int ProcessCallbackEvents(ReadOnlySpan<byte> body)
    {
        var sink = _sink ?? throw new InvalidOperationException("Attach an event sink before processing ACS callbacks.");
        var handled = 0;
        foreach (var callbackEvent in AcsCallbackEvents.Parse(body))
        {
            var call = Find(callbackEvent);
            var callId = call?.CallId ?? callbackEvent.CallConnectionId;
            switch (callbackEvent.Type)
            {
                case AcsCallbackEvents.CallConnected:
                    sink.OnCallEvent(new CallStateChanged(callId, CallState.Established));
                    handled++;
                    break;
                case AcsCallbackEvents.CallDisconnected:
                    sink.OnCallEvent(new CallStateChanged(callId, CallState.Terminated, CallTermination.Normal));
                    sink.OnCallEvent(new CallRemoved(callId));
                    handled += 2;
                    break;
                case AcsCallbackEvents.ParticipantsUpdated when call is not null:
                    if (call.ApplyRoster(callbackEvent.Data) is { } roster)
                    {
                        sink.OnCallEvent(roster);
                        handled++;
                    }
                    else
                    {
                        Log.StaleRoster(_logger, callId);
                    }

                    break;
                case AcsCallbackEvents.ToneReceived when AcsIdentifiers.ToneKey(callbackEvent.Text("tone")) is { } key:
                    sink.OnCallEvent(new ToneReceived(callId, key));
                    handled++;
                    break;
                case AcsCallbackEvents.PlayCompleted or AcsCallbackEvents.SendDtmfTonesCompleted or AcsCallbackEvents.CallTransferAccepted
                    or AcsCallbackEvents.AddParticipantSucceeded or AcsCallbackEvents.RemoveParticipantSucceeded
                    or AcsCallbackEvents.MediaStreamingStarted or AcsCallbackEvents.MediaStreamingStopped:
                    var succeeded = Complete(call, callbackEvent, succeeded: true);
                    if (succeeded == 0 && callbackEvent.Type == AcsCallbackEvents.MediaStreamingStopped && call is not null)
                    {
                        // ACS stopped streaming on its own: the next GetMediaAsync asks for it again.
                        call.OnMediaStreamingStopped();
                    }

                    handled += succeeded;
                    break;
                case AcsCallbackEvents.PlayFailed or AcsCallbackEvents.PlayCanceled or AcsCallbackEvents.SendDtmfTonesFailed or AcsCallbackEvents.CallTransferFailed
                    or AcsCallbackEvents.AddParticipantFailed or AcsCallbackEvents.RemoveParticipantFailed or AcsCallbackEvents.MediaStreamingFailed:
                    Log.OperationFailed(_logger, callbackEvent.Type, callId, callbackEvent.ResultMessage);
                    var completed = Complete(call, callbackEvent, succeeded: false);
                    if (completed == 0 && callbackEvent.Type == AcsCallbackEvents.MediaStreamingFailed && call is not null)
                    {
                        // Streaming asked for at answer or Create Call failed: no action waits, the media would.
                        call.OnMediaStreamingFailed(callbackEvent.ResultMessage);
                        completed = 1;
                    }

                    handled += completed;
                    break;
                default:
                    Log.EventIgnored(_logger, callbackEvent.Type, callbackEvent.CallConnectionId);
                    break;
            }
        }

        return handled;
    }

    /// <summary>
    /// Whether this instance holds the call a callback event names, by its call connection id or (for an answered call
    /// whose answer response is still on its way) its correlation id.
    /// </summary>
    public bool Holds(string callConnectionId, string? correlationId) =>
        _byConnection.ContainsKey(callConnectionId) || (correlationId is not null && _byCorrelation.ContainsKey(correlationId));

    /// <summary>The callback URL for Create Call and Answer: the configured one, else the host's.</summary>
    internal Uri ResolveCallbackUrl() =>
        _options.CallbackUrl ?? CallbackUrlResolver?.Invoke()
        ?? throw new InvalidOperationException($"{AcsOptions.SectionName}:CallbackUrl is not set.");

    /// <summary>
    /// Opens the media session of an app-hosted call (<paramref name="callId"/> null for a call the bot places, bound
    /// once created) and gives its transport URL. Malformed media messages are dropped and counted, not fatal: the
    /// service behind an authenticated ACS media socket is trusted, and one bad frame must not end the call's audio.
    /// </summary>
    internal (MediaSession Session, Uri TransportUrl) OpenMediaSession(string? callId)
    {
        var sessions = MediaSessions
            ?? throw new NotSupportedException("App-hosted media on ACS needs the media session registry: host the bot with CallingBot.AspNetCore (MapCallingBot maps the media endpoint).");
        var baseUrl = AcsMediaStreaming.BaseUrl(_options.MediaStreamingTransportUrl, MediaStreamingUrlResolver);
        var session = sessions.Open(callId, video: false, dropMalformedMessages: true, AcsMediaStreaming.PipelineFormat(_options.MediaStreamingAudioFormat));
        return (session, session.GetUrl(baseUrl));
    }

    /// <summary>The <c>mediaStreamingOptions</c> of an answer whose media session has <paramref name="transportUrl"/>.</summary>
    internal JsonObject StreamingOptions(Uri transportUrl) => AcsMediaStreaming.Options(transportUrl, StartMediaStreamingAtOnce, _options);

    /// <summary>Whether Answer and Create Call ask ACS to stream at once (else on <c>:startMediaStreaming</c>).</summary>
    internal bool StartMediaStreamingAtOnce => _options.StartMediaStreaming;

    /// <summary>Routes the call's events by its call connection id from now on.</summary>
    internal void Track(AcsPlatformCall call)
    {
        if (call.CallConnectionId is { } connectionId)
        {
            _byConnection[connectionId] = call;
        }
    }

    internal void Forget(AcsPlatformCall call)
    {
        if (call.CallConnectionId is { } connectionId)
        {
            _byConnection.TryRemove(new KeyValuePair<string, AcsPlatformCall>(connectionId, call));
        }

        _byCorrelation.TryRemove(new KeyValuePair<string, AcsPlatformCall>(call.CallId, call));
    }

    private AcsPlatformCall? Find(AcsCallbackEvent callbackEvent)
    {
        if (_byConnection.TryGetValue(callbackEvent.CallConnectionId, out var call))
        {
            return call;
        }

        // An answered call's first events may overtake the answer's response: match them by correlation id.
        return callbackEvent.CorrelationId is { } correlationId && _byCorrelation.TryGetValue(correlationId, out call) ? call : null;
    }

    private static ValueTask CloseAsync(MediaSession? media) => media?.CloseAsync() ?? ValueTask.CompletedTask;

    private int Complete(AcsPlatformCall? call, AcsCallbackEvent callbackEvent, bool succeeded)
    {
        if (call is not null && call.CompleteOperation(callbackEvent, succeeded))
        {
            return 1;
        }

        Log.EventForUnknownCall(_logger, callbackEvent.Type, callbackEvent.CallConnectionId);
        return 0;
    }

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>
    /// Maps Core's request: users become <c>communicationUser</c> targets, phones <c>phoneNumber</c> targets. The source
    /// identity is <see cref="AcsOptions.SourceUserId"/> (or the request's user source); the PSTN caller id is the
    /// request's phone source or <see cref="AcsOptions.CallerIdNumber"/>. The body is the generally available
    /// CreateCallRequest: <c>source</c>, <c>sourceCallerIdNumber</c>, <c>sourceDisplayName</c>, <c>mediaStreamingOptions</c>.
    /// </summary>
    internal CreateCallRequest ToCreateCallRequest(OutboundCallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Targets is null || request.Targets.Count == 0)
        {
            throw new ArgumentException("At least one target is required.", nameof(request));
        }

        var targets = new List<CommunicationIdentifierModel>(request.Targets.Count);
        foreach (var target in request.Targets)
        {
            targets.Add(target.Kind switch
            {
                IdentityKind.User => CommunicationIdentifierModel.ForCommunicationUser(target.Id),
                IdentityKind.Phone => CommunicationIdentifierModel.ForPhoneNumber(target.Id),
                _ => throw new ArgumentException($"ACS cannot call a {target.Kind} target; use communication users or phone numbers.", nameof(request)),
            });
        }

        var sourceId = request.Source is { Kind: IdentityKind.User } user ? user.Id : _options.SourceUserId;
        if (string.IsNullOrWhiteSpace(sourceId))
        {
            throw new InvalidOperationException($"{AcsOptions.SectionName}:SourceUserId is not set and the request names no user source.");
        }

        var callerId = request.Source is { Kind: IdentityKind.Phone } phone ? phone.Id : _options.CallerIdNumber;
        if (callerId is null && request.Targets.Any(t => t.Kind == IdentityKind.Phone))
        {
            throw new ArgumentException($"Calling a phone number needs a caller id: a phone source in the request or {AcsOptions.SectionName}:CallerIdNumber.", nameof(request));
        }

        var callback = ResolveCallbackUrl();
        MediaStreamingOptions? media = null;
        if (request.Media == MediaHosting.AppHosted)
        {
            // The session's own URL replaces it when the call is created (CreateCallAsync).
            media = (_options.MediaStreamingTransportUrl ?? MediaStreamingUrlResolver?.Invoke()) is { } transport
                ? new MediaStreamingOptions { TransportUrl = transport.AbsoluteUri }
                : throw new NotSupportedException($"App-hosted media on ACS needs {AcsOptions.SectionName}:MediaStreamingTransportUrl (the bot's public wss:// base address).");
        }

        return new CreateCallRequest
        {
            Targets = targets,
            Source = new CommunicationUserIdentifierModel(sourceId),
            SourceCallerIdNumber = callerId is null ? null : new PhoneNumberIdentifierModel(callerId),
            SourceDisplayName = callerId is null ? null : request.Source?.DisplayName ?? _options.CallerDisplayName,
            CallbackUri = callback.AbsoluteUri,
            OperationContext = request.Subject,
            MediaStreamingOptions = media,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AcsEventIds.EventIgnored, EventName = nameof(AcsEventIds.EventIgnored), Level = LogLevel.Debug, Message = "Ignored ACS event {Type} for call connection {CallConnectionId}")]
        public static partial void EventIgnored(ILogger logger, string type, string callConnectionId);

        [LoggerMessage(EventId = AcsEventIds.IncomingCall, EventName = nameof(AcsEventIds.IncomingCall), Level = LogLevel.Information, Message = "ACS incoming call {CorrelationId}")]
        public static partial void IncomingCall(ILogger logger, string correlationId);

        [LoggerMessage(EventId = AcsEventIds.DuplicateIncomingCall, EventName = nameof(AcsEventIds.DuplicateIncomingCall), Level = LogLevel.Information, Message = "ACS incoming call {CorrelationId} delivered again; the repeat is ignored")]
        public static partial void DuplicateIncomingCall(ILogger logger, string correlationId);

        [LoggerMessage(EventId = AcsEventIds.EventForUnknownCall, EventName = nameof(AcsEventIds.EventForUnknownCall), Level = LogLevel.Debug, Message = "ACS event {Type} for call connection {CallConnectionId} answers no waiting operation")]
        public static partial void EventForUnknownCall(ILogger logger, string type, string callConnectionId);

        [LoggerMessage(EventId = AcsEventIds.StaleRoster, EventName = nameof(AcsEventIds.StaleRoster), Level = LogLevel.Debug, Message = "ACS ParticipantsUpdated for call {CallId} is older than the roster already applied, or changes nothing; ignored")]
        public static partial void StaleRoster(ILogger logger, string callId);

        [LoggerMessage(EventId = AcsEventIds.OperationFailed, EventName = nameof(AcsEventIds.OperationFailed), Level = LogLevel.Warning, Message = "ACS reported {Type} on call {CallId}: {Reason}")]
        public static partial void OperationFailed(ILogger logger, string type, string callId, string reason);
    }
}
