using System.Net;
using System.Text.Json;
using CallingBot.Dashboard.Access;
using CallingBot.Dashboard.Tests.Infrastructure;

namespace CallingBot.Dashboard.Tests.Access;

/// <summary>Sign-in over real HTTPS on loopback: the API key gives an HttpOnly, Secure, SameSite=Strict session cookie.</summary>
public sealed class DashboardSignInTests(DashboardHostFixture fixture) : IClassFixture<DashboardHostFixture>
{
    private DashboardHost Host => fixture.Host;

    [Fact]
    public async Task SignIn_WithTheApiKey_IssuesAHostOnlyHttpOnlySecureStrictSessionCookie()
    {
        using var client = Host.CreateClient();

        using var response = await client.PostAsync("/dashboard/signin", Form(DashboardHost.ApiKey));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardAuthentication.CookieName + "=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToArray();
        Assert.Contains("httponly", attributes);
        Assert.Contains("secure", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        Assert.DoesNotContain(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal));
        Assert.DoesNotContain(DashboardHost.ApiKey, cookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong-key-wrong-key-wrong-key")]
    [InlineData(DashboardHost.ApiKey + "x")]
    public async Task SignIn_WithAWrongKey_401ProblemSayingSoAndNoCookie(string key)
    {
        using var client = Host.CreateClient();

        using var response = await client.PostAsync("/dashboard/signin", Form(key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The API key was not accepted.", problem.RootElement.GetProperty("detail").GetString());
        Assert.Null(DashboardHost.SessionCookie(response));
    }

    [Fact]
    public async Task SignIn_WithoutACredential_400NamingTheField()
    {
        using var client = Host.CreateClient();

        using var response = await client.PostAsync("/dashboard/signin", Form("   "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("credential", out _));
    }

    [Fact]
    public async Task SignIn_FromAnotherOrigin_IsRefused()
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/signin") { Content = Form(DashboardHost.ApiKey) };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(DashboardHost.SessionCookie(response));
    }

    [Fact]
    public async Task LoopbackSignIn_InLocalModeFromThisMachine_IssuesTheCookie()
    {
        using var client = Host.CreateClient();
        using var options = await client.GetAsync("/dashboard/api/signin-options");
        using var described = JsonDocument.Parse(await options.Content.ReadAsStringAsync());
        Assert.True(described.RootElement.GetProperty("loopbackSignIn").GetBoolean());
        Assert.Equal("API key", described.RootElement.GetProperty("credentialName").GetString());

        using var response = await client.PostAsync("/dashboard/signin/local", content: null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull(DashboardHost.SessionCookie(response));
    }

    [Fact]
    public async Task Page_WithoutASession_RedirectsToSignInAndWithOneServesTheDashboard()
    {
        using var client = Host.CreateClient();
        using var anonymous = await client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/dashboard/signin", anonymous.Headers.Location?.OriginalString);

        var cookie = await DashboardHost.SignInAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Add("Cookie", cookie);
        using var page = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", page.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Contains("id=\"calls-table\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_ClearsTheCookie()
    {
        using var client = Host.CreateClient();
        var cookie = await DashboardHost.SignInAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/signout");
        request.Headers.Add("Cookie", cookie);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cleared = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardAuthentication.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    internal static FormUrlEncodedContent Form(string credential) => new([new("credential", credential)]);
}
