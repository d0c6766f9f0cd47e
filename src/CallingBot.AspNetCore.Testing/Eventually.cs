using System.Diagnostics;

namespace CallingBot.AspNetCore.Testing;

/// <summary>
/// Waits for a condition instead of sleeping a fixed time: checks it often and cheaply, and on timeout fails with a
/// <see cref="TimeoutException"/> naming the phase that did not complete.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait lasts unless told otherwise: 20 s, generous for a loaded build machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    /// <param name="condition">Checked every few milliseconds; keep it quick.</param>
    /// <param name="phase">What is awaited, as a failure should name it: "the bot answers".</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultTimeout"/> when null.</param>
    public static async Task UntilAsync(Func<bool> condition, string phase, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw Timeout(phase, limit);
            }

            await Task.Yield();
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until an asynchronous <paramref name="condition"/> (an HTTP request, a query) holds; checked every 50 ms.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string phase, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (watch.Elapsed > limit)
            {
                throw Timeout(phase, limit);
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="probe"/> returns a value, and returns it.</summary>
    public static async Task<T> UntilAsync<T>(Func<T?> probe, string phase, TimeSpan? timeout = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        T? value = null;
        await UntilAsync(() => (value = probe()) is not null, phase, timeout).ConfigureAwait(false);
        return value!;
    }

    /// <summary>Waits for <paramref name="task"/>, at most <paramref name="timeout"/>.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, string phase, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = timeout ?? DefaultTimeout;
        try
        {
            return await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Timeout(phase, limit);
        }
    }

    /// <summary>Waits for <paramref name="task"/>, at most <paramref name="timeout"/>.</summary>
    public static async Task WithinAsync(Task task, string phase, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = timeout ?? DefaultTimeout;
        try
        {
            await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Timeout(phase, limit);
        }
    }

    private static TimeoutException Timeout(string phase, TimeSpan limit) =>
        new($"Phase '{phase}' did not complete within {limit.TotalSeconds:0.#} s.");
}
