using System.Collections.Concurrent;

namespace CallingBot.Acs.Tests.Infrastructure;

/// <summary>
/// Lets every request reach the server but loses the first response, as a connection reset after the server acted
/// would. Records the headers of every attempt.
/// </summary>
public sealed class DropFirstResponseHandler : DelegatingHandler
{
    private int _attempts;

    public ConcurrentQueue<(string? RequestId, string? FirstSent, string? Date)> Attempts { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Attempts.Enqueue((Header(request, "Repeatability-Request-ID"), Header(request, "Repeatability-First-Sent"), Header(request, "x-ms-date")));
        var response = await base.SendAsync(request, cancellationToken);
        if (Interlocked.Increment(ref _attempts) == 1)
        {
            response.Dispose();
            throw new HttpRequestException("The connection was reset after the request was sent.");
        }

        return response;
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
