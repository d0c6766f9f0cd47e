namespace CallingBot.Graph.Resilience;

/// <summary>What the resilience pipeline needs to know of a request to the calls API.</summary>
internal static class GraphRequestKind
{
    /// <summary>A DELETE of a call itself (the bot hangs up), not of a participant.</summary>
    public static bool IsHangUp(HttpRequestMessage? request) =>
        request is { RequestUri: { } uri } && request.Method == HttpMethod.Delete
        && uri.AbsolutePath.TrimEnd('/') is var path
        && path.LastIndexOf("/communications/calls/", StringComparison.OrdinalIgnoreCase) is var at and >= 0
        && !path[(at + "/communications/calls/".Length)..].Contains('/', StringComparison.Ordinal);

    /// <summary>
    /// Whether repeating the request after an unclear failure (500, 502, 504, a lost connection) cannot do it twice:
    /// GETs and DELETEs are idempotent; the decision on an incoming call (answer, reject, redirect) is taken once by
    /// the service, so a repeat cannot act twice (at worst it is refused); operations that carry a <c>clientContext</c>
    /// are matched by it. Creating a call is not: a repeat could ring the callee twice.
    /// </summary>
    public static async ValueTask<bool> IsSafeToRepeatAsync(HttpRequestMessage? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return false;
        }

        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Head)
        {
            return true;
        }

        if (request.Method == HttpMethod.Post && Operation(request) is "answer" or "reject" or "redirect")
        {
            return true;
        }

        if (request.Content is null)
        {
            return false;
        }

        var body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Contains("\"clientContext\"", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A short name of the operation for metrics and logs: the path's last segment, or the call request's verb.</summary>
    public static string Operation(HttpRequestMessage? request)
    {
        if (request?.RequestUri is not { } uri)
        {
            return "unknown";
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/communications/calls", StringComparison.OrdinalIgnoreCase))
        {
            return "createCall";
        }

        if (IsHangUp(request))
        {
            return "deleteCall";
        }

        var last = path[(path.LastIndexOf('/') + 1)..];
        return Guid.TryParse(last, out _) ? request.Method.Method.ToLowerInvariant() : last;
    }
}
