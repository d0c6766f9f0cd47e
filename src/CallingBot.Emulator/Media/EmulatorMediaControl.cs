using System.Diagnostics;
using System.Globalization;

namespace CallingBot.Emulator.Media;

/// <summary>
/// Media of app-hosted calls, in process (the same operations as <c>/emulator/calls/{id}/media</c>): what each simulated
/// participant says, mixed or unmixed streaming, video, and what the bot sent back.
/// </summary>
public sealed class EmulatorMediaControl
{
    private readonly MediaStreamManager _manager;

    internal EmulatorMediaControl(MediaStreamManager manager) => _manager = manager;

    /// <summary>Options of calls configured with nothing of their own.</summary>
    public CallMediaOptions DefaultOptions
    {
        get => _manager.DefaultOptions;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            _manager.DefaultOptions = value;
        }
    }

    /// <summary>Options of one call; takes effect when its media connects (set it before the bot answers).</summary>
    public void Configure(string callId, CallMediaOptions options) => _manager.Configure(callId, options);

    /// <summary>What <paramref name="participantId"/> says from the next 20 ms frame on (null: every participant without a source of its own).</summary>
    public void SetSource(string callId, string? participantId, MediaSourceSpec source) => _manager.SetSource(callId, participantId, source);

    /// <summary>The call's media stream, or null when none started.</summary>
    public MediaStreamSnapshot? GetStatistics(string callId) => _manager.Find(callId)?.Snapshot();

    /// <summary>The audio the bot sent, 16 kHz mono 16-bit PCM on the stream's 20 ms timeline.</summary>
    public byte[] GetReceivedAudio(string callId) => Require(callId).ReceivedPcm();

    /// <summary>The audio the emulator sent (all participants mixed), on the same timeline.</summary>
    public byte[] GetSentAudio(string callId) => Require(callId).SentPcm();

    public byte[] GetReceivedWav(string callId) => WavCodec.Write(GetReceivedAudio(callId));

    public byte[] GetSentWav(string callId) => WavCodec.Write(GetSentAudio(callId));

    /// <summary>Waits until the call's media stream exists and satisfies <paramref name="condition"/>.</summary>
    public async Task<MediaStreamSnapshot> WaitForMediaAsync(string callId, Func<MediaStreamSnapshot, bool> condition, string description = "the condition", TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var stream = _manager.Find(callId);
            var change = stream?.WhenChanged() ?? _manager.AnyStreamStarted;
            var snapshot = stream?.Snapshot();
            if (snapshot is not null && condition(snapshot))
            {
                return snapshot;
            }

            var remaining = limit - watch.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(string.Format(
                    CultureInfo.InvariantCulture,
                    "The media of call '{0}' did not reach {1} within {2} s; it is {3}.",
                    callId,
                    description,
                    limit.TotalSeconds,
                    snapshot is null ? "not started" : $"{snapshot.State} with {snapshot.FramesReceived} frame(s) received"));
            }

            try
            {
                await change.WaitAsync(remaining < TimeSpan.FromMilliseconds(250) ? remaining : TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private EmulatedMediaStream Require(string callId) =>
        _manager.Find(callId) ?? throw new KeyNotFoundException($"Call '{callId}' has no media stream (not app-hosted, not established yet, or forgotten).");
}
