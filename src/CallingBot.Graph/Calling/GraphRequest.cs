using System.Diagnostics;
using CallingBot.Core.Diagnostics;

namespace CallingBot.Graph.Calling;

/// <summary>
/// Runs one outbound operation of the adapter: inside a <c>graph.request</c> span (a child of the current span, tagged
/// with the call and the operation, failed with the platform error kind) and with the SDK's errors translated by
/// <see cref="GraphErrors"/>.
/// </summary>
internal static class GraphRequest
{
    public static async Task RunAsync(GraphOperation operation, string? callId, Func<Task> request)
    {
        using var span = Start(operation, callId);
        try
        {
            await GraphErrors.RunAsync(operation.Text, request).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            CallingBotActivity.SetError(span, exception);
            throw;
        }
    }

    /// <param name="resultCallId">The id of the call <paramref name="request"/> created, for an operation that creates one.</param>
    public static async Task<T> RunAsync<T>(GraphOperation operation, string? callId, Func<Task<T>> request, Func<T, string?>? resultCallId = null)
    {
        using var span = Start(operation, callId);
        try
        {
            var result = await GraphErrors.RunAsync(operation.Text, request).ConfigureAwait(false);
            if (span is not null && callId is null && resultCallId?.Invoke(result) is { } created)
            {
                span.SetTag(CallingBotActivity.CallIdTag, created);
            }

            return result;
        }
        catch (Exception exception)
        {
            CallingBotActivity.SetError(span, exception);
            throw;
        }
    }

    private static Activity? Start(GraphOperation operation, string? callId)
    {
        var span = CallingBotActivity.Source.StartActivity(CallingBotActivity.GraphRequestSpan, ActivityKind.Client);
        if (span is not null)
        {
            span.SetTag(CallingBotActivity.OperationTag, operation.Name);
            if (callId is not null)
            {
                span.SetTag(CallingBotActivity.CallIdTag, callId);
            }
        }

        return span;
    }
}
