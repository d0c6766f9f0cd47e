using System.Net;
using CallingBot.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Tests.Configuration;

/// <summary>The host with the dashboard switched off, and with a setting out of range.</summary>
public sealed class DashboardHostingTests
{
    [Fact]
    public async Task Host_DashboardDisabled_ServesNoDashboardAndTheApiKeyStillWorks()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["CallingBot:Dashboard:Enabled"] = "false" });
        using var client = host.CreateClient();

        using var page = await client.GetAsync("/dashboard/");
        using var signIn = await client.PostAsync("/dashboard/signin", new FormUrlEncodedContent([new("credential", DashboardHost.ApiKey)]));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls");
        request.Headers.Add("X-Api-Key", DashboardHost.ApiKey);
        using var api = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task Host_SettingOutOfRange_DoesNotStartAndNamesTheSetting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => DashboardHost.StartAsync(new Dictionary<string, string?> { ["CallingBot:Dashboard:MaxCalls"] = "0" }));

        Assert.Contains("CallingBot:Dashboard:MaxCalls must be between 1 and 100000 (was 0).", failure.Message, StringComparison.Ordinal);
    }
}
