using CallingBot.Media.Diagnostics;
using CallingBot.Media.Audio;

namespace CallingBot.Media.Pipeline;

/// <summary>Settings of a call's <see cref="MediaPipeline"/> and its <see cref="AudioSender"/>.</summary>
public sealed class MediaPipelineOptions
{
    /// <summary>Audio format of the call. Default: 16 kHz mono, 20 ms frames.</summary>
    public AudioFormat AudioFormat { get; set; } = AudioFormat.Default;

    /// <summary>
    /// Pool that inbound and outbound frames come from. Default: <see cref="AudioFramePool.Shared"/> for the
    /// default format, otherwise a pool owned by the pipeline.
    /// </summary>
    public AudioFramePool? FramePool { get; set; }

    /// <summary>
    /// The process-wide media instruments (meter <c>CallingBot.Media</c>) this call's frames are also counted in; null
    /// (the default) for none. Share one instance among all pipelines.
    /// </summary>
    public MediaMetrics? Metrics { get; set; }

    /// <summary>
    /// The process's shared frame clock, driving this call's <see cref="AudioSender"/> together with every other call's
    /// from one timer; null (the default) for a private clock per sender. Used only when its period is the call's frame
    /// duration and it runs on the pipeline's time provider.
    /// </summary>
    public MediaClock? Clock { get; set; }

    /// <summary>Inbound frames queued ahead of the processors before the oldest is dropped. Default: 50 (one second).</summary>
    public int InboundQueueCapacity { get; set; } = 50;

    /// <summary>Outbound frames queued for sending before the oldest is dropped. Default: 50 (one second).</summary>
    public int OutboundQueueCapacity { get; set; } = 50;

    /// <summary>Inbound video frames queued before the oldest is dropped. Default: 4.</summary>
    public int VideoQueueCapacity { get; set; } = 4;

    /// <summary>An outbound frame sent later than this after its due time counts as late. Default: 5 ms.</summary>
    public TimeSpan LateThreshold { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// When the sender is further behind than this, it skips the missed slots instead of sending a burst.
    /// Default: 100 ms (five frames).
    /// </summary>
    public TimeSpan MaxCatchUp { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long before its slot the sender's timer is armed, to absorb the operating system's timer and
    /// thread wake-up latency: a frame may leave up to this much early, never later for that reason.
    /// Must be less than half a frame. Default: 1 ms.
    /// </summary>
    public TimeSpan SendLead { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Every problem with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AudioFormat is null)
        {
            errors.Add($"{nameof(AudioFormat)} is required.");
        }

        if (FramePool is not null && AudioFormat is not null && FramePool.Format != AudioFormat)
        {
            errors.Add($"{nameof(FramePool)} holds frames of {FramePool.Format}, but {nameof(AudioFormat)} is {AudioFormat}.");
        }

        if (InboundQueueCapacity < 1)
        {
            errors.Add($"{nameof(InboundQueueCapacity)} must be at least 1; it is {InboundQueueCapacity}.");
        }

        if (OutboundQueueCapacity < 1)
        {
            errors.Add($"{nameof(OutboundQueueCapacity)} must be at least 1; it is {OutboundQueueCapacity}.");
        }

        if (VideoQueueCapacity < 1)
        {
            errors.Add($"{nameof(VideoQueueCapacity)} must be at least 1; it is {VideoQueueCapacity}.");
        }

        if (LateThreshold < TimeSpan.Zero)
        {
            errors.Add($"{nameof(LateThreshold)} must not be negative; it is {LateThreshold}.");
        }

        if (AudioFormat is not null && MaxCatchUp < AudioFormat.FrameDuration)
        {
            errors.Add($"{nameof(MaxCatchUp)} must be at least one frame ({AudioFormat.FrameDuration}); it is {MaxCatchUp}.");
        }

        if (AudioFormat is not null && (SendLead < TimeSpan.Zero || SendLead * 2 >= AudioFormat.FrameDuration))
        {
            errors.Add($"{nameof(SendLead)} must be at least zero and less than half a frame; it is {SendLead}.");
        }

        return errors;
    }

    internal void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid media pipeline options: " + string.Join(" ", errors));
        }
    }

    internal AudioFramePool ResolvePool() =>
        FramePool ?? (AudioFormat == AudioFormat.Default ? AudioFramePool.Shared : new AudioFramePool(AudioFormat));
}
