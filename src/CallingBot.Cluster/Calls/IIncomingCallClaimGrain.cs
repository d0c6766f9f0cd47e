namespace CallingBot.Cluster.Calls;

/// <summary>
/// One incoming call delivered by an at-least-once channel (ACS Event Grid), keyed by the call's id: the first instance
/// to claim it handles it; a copy delivered to any instance afterwards is not handled again.
/// </summary>
internal interface IIncomingCallClaimGrain : IGrainWithStringKey
{
    /// <summary>True for the first claimant (and for it again); false for every other instance.</summary>
    Task<bool> ClaimAsync(string instance);
}
