namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference page "Get call" (v1.0 and beta).</summary>
public sealed class CallGetTests
{
    [Theory]
    [InlineData("v1.0", "$metadata#communications/calls/$entity")]
    [InlineData("beta", "$metadata#app/calls/$entity")]
    public async Task Get_UsesTheVersionsODataContext(string version, string context)
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body) = await call.SendAsync(HttpMethod.Get, "", version: version);

        Assert.Equal(200, status);
        Assert.EndsWith($"/{version}/{context}", body!["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("established", body["state"]!.GetValue<string>());
        Assert.Equal("#microsoft.graph.call", body["@odata.type"]!.GetValue<string>());
    }
}
