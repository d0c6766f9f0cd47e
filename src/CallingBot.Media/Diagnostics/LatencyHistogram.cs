namespace CallingBot.Media.Diagnostics;

/// <summary>
/// Counts delays in buckets of <see cref="Resolution"/> up to <see cref="FineRange"/>, then of
/// <see cref="CoarseResolution"/> up to <see cref="Range"/>, with the exact maximum kept beside them.
/// Recording allocates nothing and is safe from several threads.
/// </summary>
public sealed class LatencyHistogram
{
    public const int FineBucketCount = 1000;

    public const int CoarseBucketCount = 195;

    public static readonly TimeSpan Resolution = TimeSpan.FromMicroseconds(25);

    public static readonly TimeSpan FineRange = Resolution * FineBucketCount;

    public static readonly TimeSpan CoarseResolution = TimeSpan.FromMilliseconds(5);

    public static readonly TimeSpan Range = FineRange + (CoarseResolution * CoarseBucketCount);

    private const int BucketCount = FineBucketCount + CoarseBucketCount;

    private readonly long[] _counts = new long[BucketCount + 1];
    private long _count;
    private long _sumTicks;
    private long _maxTicks;

    public long Count => Interlocked.Read(ref _count);

    public TimeSpan Max => TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks));

    public TimeSpan Mean
    {
        get
        {
            var count = Count;
            return count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks) / count);
        }
    }

    /// <summary>Records one delay; negative delays count as zero.</summary>
    public void Record(TimeSpan delay)
    {
        var ticks = Math.Max(0, delay.Ticks);
        var bucket = ticks < FineRange.Ticks
            ? (int)(ticks / Resolution.Ticks)
            : (int)Math.Min(FineBucketCount + ((ticks - FineRange.Ticks) / CoarseResolution.Ticks), BucketCount);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumTicks, ticks);
        var max = Interlocked.Read(ref _maxTicks);
        while (ticks > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxTicks, ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>
    /// The delay below which <paramref name="percentile"/> percent of the recorded delays fall, rounded up
    /// to the bucket's upper edge (or the maximum, when it lies beyond the range).
    /// </summary>
    public TimeSpan GetPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var count = Count;
        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return TimeSpan.FromTicks(Math.Min(UpperEdge(i), Interlocked.Read(ref _maxTicks)));
            }
        }

        return Max;
    }

    /// <summary>Starts a new measurement window. Delays recorded while this runs may land in either window.</summary>
    public void Reset()
    {
        for (var i = 0; i <= BucketCount; i++)
        {
            Interlocked.Exchange(ref _counts[i], 0);
        }

        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _sumTicks, 0);
        Interlocked.Exchange(ref _maxTicks, 0);
    }

    /// <summary>Adds the counts of <paramref name="other"/> into this histogram (to aggregate calls).</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i <= BucketCount; i++)
        {
            Interlocked.Add(ref _counts[i], Interlocked.Read(ref other._counts[i]));
        }

        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sumTicks, Interlocked.Read(ref other._sumTicks));
        var otherMax = other.Max;
        if (otherMax.Ticks > Interlocked.Read(ref _maxTicks))
        {
            Interlocked.Exchange(ref _maxTicks, otherMax.Ticks);
        }
    }

    private static long UpperEdge(int bucket) => bucket < FineBucketCount
        ? (bucket + 1) * Resolution.Ticks
        : FineRange.Ticks + ((bucket - FineBucketCount + 1) * CoarseResolution.Ticks);
}
