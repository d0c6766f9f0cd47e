using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Testing;

/// <summary>Helpers for tests that drive time with <see cref="FakeTimeProvider"/>.</summary>
public static class TestTime
{
    /// <summary>Where a test's clock starts unless the test needs a particular date: 2026-01-01 09:00 UTC.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="delta"/> in steps of at most <paramref name="step"/>.
    /// <see cref="FakeTimeProvider.Advance"/> moves the clock to the end first and then fires every timer that fell due,
    /// so a chain of timers (a 20 ms pacing clock) would run late and all at once; stepping fires each timer whose due
    /// time is on the step grid exactly at its due time, as a real clock would.
    /// </summary>
    public static void AdvanceInSteps(this FakeTimeProvider time, TimeSpan delta, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        for (var left = delta; left > TimeSpan.Zero; left -= step)
        {
            time.Advance(left < step ? left : step);
        }
    }
}
