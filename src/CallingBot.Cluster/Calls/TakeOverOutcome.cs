namespace CallingBot.Cluster.Calls;

/// <summary>What <see cref="ICallGrain.TakeOverAsync"/> made of a call.</summary>
public enum TakeOverOutcome
{
    /// <summary>A live instance holds the call: the one asking, or an owner that was alive all along.</summary>
    Held,

    /// <summary>The call is over: the service no longer had it, or it could not be continued and was hung up.</summary>
    Ended,

    /// <summary>Nothing settled: the activation was on an instance that is handing its calls over, or the service could not be asked. Try again.</summary>
    Retry,
}
