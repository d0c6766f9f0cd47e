namespace CallingBot.Media.Bench.Load;

internal sealed record LoadResult(
    int Calls,
    TimeSpan Elapsed,
    long Received,
    long Processed,
    long Sent,
    long Dropped,
    long OutboundDropped,
    long Late,
    TimeSpan ProcessingP50,
    TimeSpan ProcessingP99,
    TimeSpan ProcessingMax,
    TimeSpan SendP50,
    TimeSpan SendP99,
    TimeSpan SendMax,
    TimeSpan ServiceP99,
    double CpuShare,
    int Gen0)
{
    /// <summary>Both directions keep p99 under the target and no frame was dropped.</summary>
    public bool Passes => ProcessingP99 < LoadTest.Target && SendP99 < LoadTest.Target && Dropped == 0 && OutboundDropped == 0;
}
