using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Timeline;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Calls;

/// <summary>What every call of the emulator shares: options, the clock, the notification dispatcher, the log and the defaults for new calls.</summary>
internal sealed class CallEnvironment(EmulatorOptions options, TimeProvider time, NotificationDispatcher dispatcher, ILogger logger)
{
    private volatile bool _stopped;

    public EmulatorOptions Options => options;

    public TimeProvider Time => time;

    public NotificationDispatcher Dispatcher => dispatcher;

    public ILogger Logger => logger;

    /// <summary>Callees with the browser behaviour that are ringing.</summary>
    public BrowserRinging Ringing { get; } = new(time);

    /// <summary>Chaos applied to calls that do not specify their own.</summary>
    public ChaosOptions DefaultChaos { get; set; } = options.Chaos ?? new();

    /// <summary>Base URL of the emulator (https), used for recording locations.</summary>
    public Uri PublicBaseAddress { get; set; } = new("https://127.0.0.1/");

    /// <summary>Set when the emulator stops: timers that fire late do nothing.</summary>
    public bool IsStopped => _stopped;

    public void Stop() => _stopped = true;

    /// <summary>A new timeline for a call, with the configured limits.</summary>
    public TimelineBuffer NewTimeline() => new(options.MaxTimelineEntriesPerCall, options.MaxTimelineCharsPerCall);

    /// <summary>When a callee responds: after its delay, or after the ringing timeout when it never answers.</summary>
    public TimeSpan ResponseDelay(CalleeBehavior behavior) => behavior.Response == CalleeResponse.NoAnswer ? options.RingingTimeout : behavior.Delay;
}
