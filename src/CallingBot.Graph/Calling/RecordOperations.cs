using System.Collections.Concurrent;
using CallingBot.Core.Platform;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Calls.Item.RecordResponse;
using Microsoft.Graph.Communications.Common.Transport;
using Microsoft.Graph.Communications.Core.Notifications;
using Microsoft.Graph.Communications.Resources;
using Microsoft.Graph.Models;

namespace CallingBot.Graph.Calling;

/// <summary>
/// The recordResponse operations in flight, each completed by its own <c>clientContext</c>.
/// </summary>
/// <remarks>
/// Graph answers <c>recordResponse</c> with the operation <c>running</c> and notifies its completion (with the recording
/// location) when the caller has finished. The SDK's <c>ICall.RecordResponseAsync</c> sends one client context in the body
/// and waits for a completion under another, generated apart from it, so it only returns when the response itself is
/// already <c>completed</c>. The adapter therefore sends the request through the SDK's Graph client and matches the
/// operation's notifications here: a synchronous completion and a notified one both end the wait.
/// </remarks>
internal sealed class RecordOperations
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Operations waiting for their completion notification.</summary>
    public int Count => _pending.Count;

    /// <summary>Sends <paramref name="body"/> as the call's recordResponse and returns the completed (or failed) operation.</summary>
    public async Task<RecordOperation> RunAsync(ICall call, RecordResponsePostRequestBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(body);
        var clientContext = body.ClientContext ?? throw new ArgumentException("The request needs a client context.", nameof(body));
        var pending = new Pending(call.Id);
        if (!_pending.TryAdd(clientContext, pending))
        {
            throw new InvalidOperationException($"A recordResponse with client context '{clientContext}' is already running.");
        }

        try
        {
            var request = new GraphRequest<RecordResponsePostRequestBody>(ActionUri(call, "recordResponse"), body, RequestType.Create);
            var response = await call.GraphClient.SendAsync<RecordResponsePostRequestBody, RecordOperation>(request, cancellationToken).ConfigureAwait(false);
            if (response.Content is { Status: OperationStatus.Completed or OperationStatus.Failed } done)
            {
                return done;
            }

            return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(clientContext, out _);
        }
    }

    /// <summary>A notification the SDK queued or processed: a record operation's completion ends its wait.</summary>
    public void OnNotification(NotificationEventArgs args)
    {
        if (args?.ResourceData is RecordOperation { ClientContext: { } clientContext, Status: OperationStatus.Completed or OperationStatus.Failed } operation
            && _pending.TryGetValue(clientContext, out var pending))
        {
            pending.Completion.TrySetResult(operation);
        }
    }

    /// <summary>The call ended: its recordings in flight fail, as the SDK fails operations of a deleted call.</summary>
    public void CallEnded(string callId)
    {
        foreach (var pending in _pending.Values)
        {
            if (string.Equals(pending.CallId, callId, StringComparison.OrdinalIgnoreCase))
            {
                pending.Completion.TrySetException(new PlatformException(PlatformErrorKind.NotFound, $"Call '{callId}' ended while recordResponse was running."));
            }
        }
    }

    private static Uri ActionUri(ICall call, string action)
    {
        var baseUrl = call.Client.BaseUrl.TrimEnd('/');
        return new Uri($"{baseUrl}/{call.ResourcePath.Trim('/')}/{action}", UriKind.Absolute);
    }

    private sealed class Pending(string callId)
    {
        public string CallId { get; } = callId;

        public TaskCompletionSource<RecordOperation> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
