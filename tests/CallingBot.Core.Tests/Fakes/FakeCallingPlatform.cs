using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;

namespace CallingBot.Core.Tests.Fakes;

/// <summary>
/// An in-memory calling service: records what the bot asks of it and lets a test deliver incoming calls and
/// call events through the attached sink, exactly as a signaling adapter would.
/// </summary>
public sealed class FakeCallingPlatform : ICallingPlatform
{
    private readonly Lock _gate = new();
    private readonly Queue<FakePlatformCall> _nextOutbound = new();
    private int _outboundCounter;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (FakePlatformCall Call, CallState State, CallDirection Direction, MediaHosting Media)> _atService = new(StringComparer.OrdinalIgnoreCase);
    private ICallEventSink? _sink;

    public OperationRecorder Recorder { get; } = new();

    public int AttachCount { get; private set; }

    public ICallEventSink Sink => _sink ?? throw new InvalidOperationException("Nothing attached to the platform yet.");

    public void Attach(ICallEventSink sink)
    {
        AttachCount++;
        _sink = sink;
    }

    /// <summary>A call object bound to this platform, for an incoming call or to be returned by the next outbound request.</summary>
    public FakePlatformCall NewCall(string callId, string? tenantId = "tenant-1") => new(this, callId, tenantId);

    /// <summary>The call returned by the next <see cref="CreateCallAsync"/> or <see cref="JoinMeetingAsync"/>.</summary>
    public FakePlatformCall PrepareOutbound(string callId, string? tenantId = "tenant-1")
    {
        var call = NewCall(callId, tenantId);
        lock (_gate)
        {
            _nextOutbound.Enqueue(call);
        }

        return call;
    }

    public void RaiseIncoming(FakePlatformCall call, IncomingCallInfo info) => Sink.OnIncomingCall(call, info);

    public void Raise(CallEvent callEvent) => Sink.OnCallEvent(callEvent);

    public async Task<IPlatformCall> CreateCallAsync(OutboundCallRequest request, CancellationToken cancellationToken)
    {
        await Recorder.RunAsync(nameof(CreateCallAsync), request, cancellationToken).ConfigureAwait(false);
        return TakeOutbound();
    }

    public async Task<IPlatformCall> JoinMeetingAsync(MeetingJoinRequest request, CancellationToken cancellationToken)
    {
        await Recorder.RunAsync(nameof(JoinMeetingAsync), request, cancellationToken).ConfigureAwait(false);
        return TakeOutbound();
    }

    /// <summary>A call the service has up that a process without it can rebuild (<see cref="RehydrateAsync"/>).</summary>
    public FakePlatformCall PutAtService(string callId, CallState state = CallState.Established, CallDirection direction = CallDirection.Incoming, MediaHosting media = MediaHosting.ServiceHosted)
    {
        var call = NewCall(callId);
        _atService[callId] = (call, state, direction, media);
        return call;
    }

    public async Task<RehydratedCall?> RehydrateAsync(string callId, string? tenantId, CancellationToken cancellationToken)
    {
        await Recorder.RunAsync(nameof(RehydrateAsync), callId, cancellationToken).ConfigureAwait(false);
        return _atService.TryGetValue(callId, out var found)
            ? new RehydratedCall(found.Call, found.State, found.Direction, found.Media, [new ParticipantInfo("p-1", ParticipantIdentity.User("user-1", "Ann"))])
            : null;
    }

    private FakePlatformCall TakeOutbound()
    {
        lock (_gate)
        {
            return _nextOutbound.TryDequeue(out var call) ? call : NewCall($"outbound-{++_outboundCounter}");
        }
    }
}
