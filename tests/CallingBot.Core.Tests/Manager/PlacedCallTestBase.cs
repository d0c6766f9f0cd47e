using CallingBot.Core.Handlers;
using CallingBot.Core.Tests.Fakes;

namespace CallingBot.Core.Tests.Manager;

/// <summary>
/// The setup of the <see cref="ICallContext"/> tests: a started manager holding one placed call, not yet established,
/// so the only timers on the clock are the ones the verbs under test arm.
/// </summary>
public abstract class PlacedCallTestBase : IAsyncLifetime
{
    protected const string CallId = "out-1";

    protected FakePlatformCall Call { get; private set; } = null!;

    protected ICallContext Context { get; private set; } = null!;

    private protected CallManagerHarness Harness { get; } = new();

    public async Task InitializeAsync()
    {
        Call = await Harness.PlaceAsync(CallId, new RecordingHandler());
        Context = Harness.Manager.FindCall(CallId)!;
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
