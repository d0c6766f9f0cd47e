namespace CallingBot.Dashboard.Metrics;

/// <summary>One minute of the charts.</summary>
/// <param name="Calls">Calls received or placed in the minute.</param>
/// <param name="Active">Most calls held at once in the minute (as sampled).</param>
/// <param name="AnswerLatencyAvg">Mean answer latency of the calls answered in the minute, in seconds; null without any.</param>
/// <param name="AnswerLatencyMax">Longest answer latency in the minute, in seconds; null without any.</param>
/// <param name="FramesSent">Media frames the bot sent in the minute.</param>
/// <param name="LateFrames">Of those, the frames sent late.</param>
public sealed record MinutePoint(
    DateTimeOffset Minute,
    long Calls,
    long Ended,
    long Active,
    long Answered,
    double? AnswerLatencyAvg,
    double? AnswerLatencyMax,
    long FramesSent,
    long LateFrames);
