using System.Net;
using System.Text;
using CallingBot.Dashboard.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Dashboard.Tests.Access;

/// <summary>
/// The session cookie authenticates the dashboard and the read-only API calls its page makes, and nothing that changes
/// state: a page elsewhere cannot make a signed-in browser place, end or change calls (CSRF).
/// </summary>
public sealed class SessionCookieScopeTests(DashboardHostFixture fixture) : IClassFixture<DashboardHostFixture>
{
    private DashboardHost Host => fixture.Host;

    [Theory]
    [InlineData("/dashboard/api/calls")]
    [InlineData("/dashboard/api/metrics")]
    [InlineData("/dashboard/api/health")]
    [InlineData("/dashboard/api/session")]
    [InlineData("/api/v1/history?pageSize=5")]
    [InlineData("/api/v1/calls")]
    public async Task Cookie_ReadOnlyEndpointsThePageNeeds_200(string path)
    {
        using var client = Host.CreateClient();
        var cookie = await DashboardHost.SignInAsync(client);

        using var withCookie = await SendAsync(client, HttpMethod.Get, path, cookie);
        using var without = await SendAsync(client, HttpMethod.Get, path, cookie: null);

        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
    }

    [Fact]
    public async Task Cookie_StateChangingApiCalls_401AndTheCallGoesOn()
    {
        using var client = Host.CreateClient();
        var cookie = await DashboardHost.SignInAsync(client);
        var callId = await Host.RingAsync();
        await Eventually.UntilAsync(() => Host.Manager.GetCall(callId)?.State == Core.Calls.CallState.Established, "the rung call is established");

        using var hangUp = await SendAsync(client, HttpMethod.Delete, $"/api/v1/calls/{callId}", cookie);
        using var place = await SendAsync(client, HttpMethod.Post, "/api/v1/calls", cookie, """{"targets":[{"userId":"8a34a46b-3d17-4adc-8dce-dc4e7d572698"}]}""");
        using var play = await SendAsync(client, HttpMethod.Post, $"/api/v1/calls/{callId}/playPrompt", cookie, """{"prompts":[{"url":"https://example.test/a.wav"}]}""");
        using var history = await SendAsync(client, HttpMethod.Delete, "/api/v1/history", cookie);

        Assert.Equal(HttpStatusCode.Unauthorized, hangUp.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, place.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, play.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, history.StatusCode);
        Assert.Null(hangUp.Headers.Location);
        Assert.Equal(Core.Calls.CallState.Established, Host.Manager.GetCall(callId)?.State);
        Assert.Equal(1, Host.Manager.ActiveCallCount);

        // The same request with the API key is what may end it.
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/calls/{callId}");
        request.Headers.Add("X-Api-Key", DashboardHost.ApiKey);
        using var byKey = await client.SendAsync(request);
        Assert.True(byKey.IsSuccessStatusCode, $"DELETE with the API key answered {(int)byKey.StatusCode}");
        await Eventually.UntilAsync(() => Host.Manager.GetCall(callId) is null, "the call ends by the API key");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/api/v1/meetings")]
    [InlineData("/api/v1/historyx")]
    public async Task Cookie_OtherProtectedPaths_401(string path)
    {
        using var client = Host.CreateClient();
        var cookie = await DashboardHost.SignInAsync(client);

        using var response = await SendAsync(client, HttpMethod.Get, path, cookie);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Cookie_Tampered_401()
    {
        using var client = Host.CreateClient();
        var cookie = await DashboardHost.SignInAsync(client);
        var tampered = cookie[..^4] + (cookie[^4..] == "AAAA" ? "BBBB" : "AAAA");

        using var response = await SendAsync(client, HttpMethod.Get, "/dashboard/api/calls", tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? cookie, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }
}
