namespace CallingBot.Cluster.Calls;

/// <summary>
/// A notification batch about one call, already authenticated and shape-checked by the instance that received it,
/// on its way to the instance that owns the call.
/// </summary>
/// <param name="CallId">The call the batch is about.</param>
/// <param name="TenantId">Tenant of the token that authenticated the batch.</param>
/// <param name="Body">The batch (commsNotifications JSON), only notifications about <paramref name="CallId"/>.</param>
/// <param name="RequestUri">The URI the batch was posted to.</param>
/// <param name="RequestId">The sender's <c>client-request-id</c>.</param>
/// <param name="ScenarioId">The sender's <c>scenario-id</c>.</param>
/// <param name="CreatesCall">True when the batch brings a new incoming call: the receiving instance may take it.</param>
/// <param name="ReceivedBy">Instance (<see cref="ClusterInstance.Name"/>) that received the batch.</param>
[GenerateSerializer]
[Immutable]
public sealed record CallNotification(
    [property: Id(0)] string CallId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Body,
    [property: Id(3)] string RequestUri,
    [property: Id(4)] Guid RequestId,
    [property: Id(5)] Guid ScenarioId,
    [property: Id(6)] bool CreatesCall,
    [property: Id(7)] string ReceivedBy,
    [property: Id(8)] string? TraceParent = null);
