namespace CallingBot.Core.Diagnostics;

/// <summary>
/// Starts work that outlives its caller (a call's loop, its keep-alive timer) without the caller's execution context:
/// no span, no logging scope, nothing the caller's async locals hold is captured and kept for the work's lifetime.
/// </summary>
internal static class DetachedExecution
{
    /// <summary>Runs <paramref name="start"/> with the execution context's flow suppressed (as it is, when it already is).</summary>
    public static void Run<TState>(TState state, Action<TState> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (ExecutionContext.IsFlowSuppressed())
        {
            start(state);
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            start(state);
        }
    }
}
