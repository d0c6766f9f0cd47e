namespace CallingBot.Media.Tests.Fakes;

/// <summary>
/// Measures what a steady-state operation allocates on the current thread. One-off runtime work (tier-up
/// compilation, a type's first use, a thread-static initialised late) can land inside any single measured loop, so
/// the operation is warmed up and then measured over several rounds and the quietest round counts: an operation that
/// allocates even one byte per call allocates in every round, so a real per-call allocation is never hidden.
/// </summary>
internal static class Allocations
{
    public static long QuietestRound(Action operation, int iterations = 10_000, int rounds = 5, int warmup = 2_000)
    {
        for (var i = 0; i < warmup; i++)
        {
            operation();
        }

        var quietest = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                operation();
            }

            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return quietest;
    }
}
