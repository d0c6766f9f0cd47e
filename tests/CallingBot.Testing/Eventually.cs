using System.Diagnostics;

namespace CallingBot.Testing;

/// <summary>
/// Waits for a condition without sleeping a fixed time: polls cheaply and fails with a message
/// naming the phase that did not complete.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string phase, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Phase '{phase}' did not complete within {limit.TotalSeconds:0.#} s.");
            }

            await Task.Yield();
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for an asynchronous condition (an HTTP request, a query), checked every 50 ms.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string phase, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Phase '{phase}' did not complete within {limit.TotalSeconds:0.#} s.");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public static async Task<T> UntilAsync<T>(Func<T?> probe, string phase, TimeSpan? timeout = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        T? value = null;
        await UntilAsync(() => (value = probe()) is not null, phase, timeout).ConfigureAwait(false);
        return value!;
    }

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
            throw new TimeoutException($"Phase '{phase}' did not complete within {limit.TotalSeconds:0.#} s.");
        }
    }

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
            throw new TimeoutException($"Phase '{phase}' did not complete within {limit.TotalSeconds:0.#} s.");
        }
    }
}
