namespace CallingBot.Cluster.Calls;

/// <summary>
/// Remembers which instance claimed an incoming call, for <see cref="RememberFor"/>: long enough for the copies an
/// at-least-once delivery sends (Event Grid retries within minutes), bounded so that claims do not pile up. It lives in
/// memory on the instance that claimed first.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed class IncomingCallClaimGrain : Grain, IIncomingCallClaimGrain
{
    /// <summary>How long a claim is kept after the first one.</summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(30);

    private string? _instance;

    public Task<bool> ClaimAsync(string instance)
    {
        ArgumentException.ThrowIfNullOrEmpty(instance);
        if (_instance is null)
        {
            _instance = instance;
            DelayDeactivation(RememberFor);
        }

        return Task.FromResult(string.Equals(_instance, instance, StringComparison.Ordinal));
    }
}
