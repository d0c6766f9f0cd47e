using CallingBot.Emulator.Calls;

namespace CallingBot.Emulator.Tests.Calls;

public sealed class CallTransitionsTests
{
    /// <summary>Every move a call may make, as "From To"; all other pairs are refused.</summary>
    private static readonly string[] Legal =
    [
        "Incoming Establishing", "Incoming Redirecting", "Incoming Terminating", "Incoming Terminated",
        "Establishing Established", "Establishing Terminating", "Establishing Terminated",
        "Established Transferring", "Established Terminating", "Established Terminated",
        "Transferring TransferAccepted", "Transferring Established", "Transferring Terminating", "Transferring Terminated",
        "TransferAccepted Terminating", "TransferAccepted Terminated",
        "Redirecting Terminating", "Redirecting Terminated",
        "Terminating Terminated",
    ];

    [Theory]
    [InlineData("Incoming", "Establishing")]
    [InlineData("Incoming", "Redirecting")]
    [InlineData("Establishing", "Established")]
    [InlineData("Established", "Transferring")]
    [InlineData("Transferring", "Established")]
    [InlineData("Transferring", "TransferAccepted")]
    [InlineData("Terminating", "Terminated")]
    public void IsAllowed_LegalMove_True(string from, string to) =>
        Assert.True(CallTransitions.IsAllowed(Enum.Parse<EmulatedCallState>(from), Enum.Parse<EmulatedCallState>(to)));

    [Theory]
    [InlineData("Incoming", "Established")]
    [InlineData("Incoming", "Transferring")]
    [InlineData("Establishing", "Incoming")]
    [InlineData("Established", "Establishing")]
    [InlineData("Established", "Redirecting")]
    [InlineData("Redirecting", "Established")]
    [InlineData("Terminating", "Established")]
    [InlineData("Terminated", "Established")]
    [InlineData("Terminated", "Terminating")]
    [InlineData("Established", "Established")]
    public void IsAllowed_IllegalMove_False(string from, string to) =>
        Assert.False(CallTransitions.IsAllowed(Enum.Parse<EmulatedCallState>(from), Enum.Parse<EmulatedCallState>(to)));

    [Fact]
    public void IsAllowed_EveryPair_MatchesTheTable()
    {
        var states = Enum.GetValues<EmulatedCallState>();
        var allowed = states.SelectMany(from => states.Where(to => CallTransitions.IsAllowed(from, to)).Select(to => $"{from} {to}")).ToList();

        Assert.Equal(Legal.Order(StringComparer.Ordinal), allowed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IsAllowed_EveryLiveState_CanEndAndTerminatedIsFinal()
    {
        var states = Enum.GetValues<EmulatedCallState>();

        Assert.All(states.Where(s => s != EmulatedCallState.Terminated), s => Assert.True(CallTransitions.IsAllowed(s, EmulatedCallState.Terminated), $"{s} cannot end"));
        Assert.All(states, s => Assert.False(CallTransitions.IsAllowed(EmulatedCallState.Terminated, s), $"terminated moves to {s}"));
    }

    [Theory]
    [InlineData("Incoming", CallStates.Incoming)]
    [InlineData("Establishing", CallStates.Establishing)]
    [InlineData("Established", CallStates.Established)]
    [InlineData("Transferring", CallStates.Transferring)]
    [InlineData("TransferAccepted", CallStates.TransferAccepted)]
    [InlineData("Redirecting", CallStates.Redirecting)]
    [InlineData("Terminating", CallStates.Terminating)]
    [InlineData("Terminated", CallStates.Terminated)]
    public void WireName_EachState_IsGraphsName(string state, string wire) =>
        Assert.Equal(wire, Enum.Parse<EmulatedCallState>(state).WireName());
}
