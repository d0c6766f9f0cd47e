namespace CallingBot.Emulator.Faults;

/// <summary>What to do with one Graph request a fault rule hit.</summary>
/// <param name="Rule">Index of the rule in <see cref="FaultOptions.Requests"/>.</param>
/// <param name="Delay">Hold the request this long first.</param>
/// <param name="Drop">Close the connection without a response.</param>
/// <param name="Status">Answer with this status instead of processing the request; null processes it.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header to send with <paramref name="Status"/>.</param>
internal sealed record FaultDecision(int Rule, TimeSpan Delay, bool Drop, int? Status, TimeSpan? RetryAfter);
