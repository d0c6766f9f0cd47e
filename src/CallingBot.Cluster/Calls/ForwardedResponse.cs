namespace CallingBot.Cluster.Calls;

/// <summary>The owning instance's answer to a <see cref="ForwardedRequest"/>.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Headers">Response headers (name, value).</param>
/// <param name="Body">Response body.</param>
/// <param name="Owner">The instance that answered.</param>
[GenerateSerializer]
[Immutable]
public sealed record ForwardedResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] IReadOnlyList<KeyValuePair<string, string>> Headers,
    [property: Id(2)] byte[] Body,
    [property: Id(3)] string Owner);
