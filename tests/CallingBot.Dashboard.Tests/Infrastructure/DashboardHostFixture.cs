namespace CallingBot.Dashboard.Tests.Infrastructure;

/// <summary>One host shared by the tests of a class; each test signs in on its own.</summary>
public sealed class DashboardHostFixture : IAsyncLifetime
{
    public DashboardHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await DashboardHost.StartAsync(new Dictionary<string, string?>
    {
        // High enough for every sign-in of the class; the limit itself is tested on a host of its own.
        ["CallingBot:Dashboard:SignInAttemptsPerWindow"] = "1000",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
