namespace CallingBot.Cluster.Calls;

/// <summary>An authenticated API request about a call, carried to the instance that owns the call.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Scheme">Scheme of the original request.</param>
/// <param name="Host">Host header of the original request.</param>
/// <param name="PathBase">Path base of the original request.</param>
/// <param name="Path">Path of the original request.</param>
/// <param name="QueryString">Query string of the original request, with its <c>?</c>, or empty.</param>
/// <param name="Headers">Request headers (name, value), as received.</param>
/// <param name="Body">Request body.</param>
/// <param name="RemoteAddress">Address of the original client, or null.</param>
[GenerateSerializer]
[Immutable]
public sealed record ForwardedRequest(
    [property: Id(0)] string Method,
    [property: Id(1)] string Scheme,
    [property: Id(2)] string Host,
    [property: Id(3)] string PathBase,
    [property: Id(4)] string Path,
    [property: Id(5)] string QueryString,
    [property: Id(6)] IReadOnlyList<KeyValuePair<string, string>> Headers,
    [property: Id(7)] byte[] Body,
    [property: Id(8)] string? RemoteAddress);
