using CallingBot.Acs.Configuration;
using CallingBot.Acs.Diagnostics;
using CallingBot.Acs.Models;
using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Calling;

/// <summary>
/// Azure Communication Services behind <see cref="ICallingPlatform"/>: outbound calls through Create Call, hang-up,
/// and the CallConnected / CallDisconnected callback events turned into Core's <see cref="CallEvent"/>s.
/// </summary>
public sealed partial class AcsCallingPlatform : ICallingPlatform
{
    private readonly AcsCallAutomationClient _client;
    private readonly AcsOptions _options;
    private readonly ILogger _logger;
    private ICallEventSink? _sink;

    public AcsCallingPlatform(AcsCallAutomationClient client, IOptions<AcsOptions> options, ILogger<AcsCallingPlatform> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _options = options.Value;
        _logger = logger;
    }

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
        CallConnectionProperties properties;
        try
        {
            properties = await _client.CreateCallAsync(createCall, cancellationToken).ConfigureAwait(false);
        }
        catch (AcsRequestException exception)
        {
            throw AcsErrors.Translate(exception);
        }

        if (string.IsNullOrEmpty(properties.CallConnectionId))
        {
            throw new PlatformException(PlatformErrorKind.Other, "The service created a call but returned no callConnectionId.");
        }

        return new AcsPlatformCall(_client, properties.CallConnectionId, properties.ServerCallId);
    }

    public Task<IPlatformCall> JoinMeetingAsync(MeetingJoinRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The Azure Communication Services platform cannot join Teams meetings; use the Graph platform.");

    /// <summary>
    /// Turns one callback POST (a JSON array of CloudEvents) into Core events for the attached sink:
    /// <c>Microsoft.Communication.CallConnected</c> → Established; <c>CallDisconnected</c> → Terminated, then removed.
    /// Other event types are ignored. Returns how many events were delivered to the sink.
    /// </summary>
    public int ProcessCallbackEvents(ReadOnlySpan<byte> body)
    {
        var sink = _sink ?? throw new InvalidOperationException("Attach an event sink before processing ACS callbacks.");
        var delivered = 0;
        foreach (var (type, callConnectionId) in AcsCallbackEvents.Parse(body))
        {
            switch (type)
            {
                case AcsCallbackEvents.CallConnected:
                    sink.OnCallEvent(new CallStateChanged(callConnectionId, CallState.Established));
                    delivered++;
                    break;
                case AcsCallbackEvents.CallDisconnected:
                    sink.OnCallEvent(new CallStateChanged(callConnectionId, CallState.Terminated, CallTermination.Normal));
                    sink.OnCallEvent(new CallRemoved(callConnectionId));
                    delivered += 2;
                    break;
                default:
                    Log.EventIgnored(_logger, type, callConnectionId);
                    break;
            }
        }

        return delivered;
    }

    /// <summary>
    /// Maps Core's request: users become <c>communicationUser</c> targets, phones <c>phoneNumber</c> targets. The source
    /// identity is <see cref="AcsOptions.SourceUserId"/> (or the request's user source); the PSTN caller id is the
    /// request's phone source or <see cref="AcsOptions.CallerIdNumber"/>.
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

        var callback = _options.CallbackUrl ?? throw new InvalidOperationException($"{AcsOptions.SectionName}:CallbackUrl is not set.");
        MediaStreamingConfiguration? media = null;
        if (request.Media == MediaHosting.AppHosted)
        {
            media = _options.MediaStreamingTransportUrl is { } transport
                ? new MediaStreamingConfiguration { TransportUrl = transport.AbsoluteUri }
                : throw new NotSupportedException($"App-hosted media on ACS needs {AcsOptions.SectionName}:MediaStreamingTransportUrl (the bot's wss media endpoint).");
        }

        return new CreateCallRequest
        {
            Source = new CallSource
            {
                Identifier = CommunicationIdentifierModel.ForCommunicationUser(sourceId),
                CallerId = callerId is null ? null : new PhoneNumberIdentifierModel(callerId),
                DisplayName = callerId is null ? null : request.Source?.DisplayName ?? _options.CallerDisplayName,
            },
            Targets = targets,
            CallbackUri = callback.AbsoluteUri,
            OperationContext = request.Subject,
            MediaStreamingConfiguration = media,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AcsEventIds.EventIgnored, EventName = nameof(AcsEventIds.EventIgnored), Level = LogLevel.Debug, Message = "Ignored ACS event {Type} for call connection {CallConnectionId}")]
        public static partial void EventIgnored(ILogger logger, string type, string callConnectionId);
    }
}
