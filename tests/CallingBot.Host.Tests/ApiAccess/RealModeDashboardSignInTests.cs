using System.Net;
using CallingBot.Dashboard.Access;

namespace CallingBot.Host.Tests.ApiAccess;

/// <summary>
/// The dashboard's sign-in in real mode takes an Entra access token, checked by the API's bearer scheme and policy: a
/// token without the operator role or scope gets no session, and a session keeps only the read-only API it may use.
/// </summary>
public sealed class RealModeDashboardSignInTests(RealModeApiFixture fixture) : IClassFixture<RealModeApiFixture>
{
    [Fact]
    public async Task SignIn_TokenWithTheOperatorRole_SessionReadsTheHistoryButCannotPlaceCalls()
    {
        using var client = fixture.CreateCookielessClient();

        using var signIn = await client.PostAsync("/dashboard/signin", Form(fixture.Sign(fixture.ValidClaims())));

        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var cookie = SessionCookie(signIn);
        Assert.NotNull(cookie);
        using var history = await SendAsync(client, HttpMethod.Get, "/api/v1/history?pageSize=1", cookie!);
        using var place = await SendAsync(client, HttpMethod.Post, "/api/v1/calls", cookie!);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, place.StatusCode);
    }

    [Fact]
    public async Task SignIn_TokenWithoutTheOperatorRoleOrScope_403AndNoSession()
    {
        var claims = fixture.ValidClaims();
        claims["roles"] = new[] { "Some.Other.Role" };
        using var client = fixture.CreateCookielessClient();

        using var signIn = await client.PostAsync("/dashboard/signin", Form(fixture.Sign(claims)));

        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Null(SessionCookie(signIn));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData(RealModeApiFixture.ApiKey)]
    public async Task SignIn_NotAValidToken_401AndNoSession(string credential)
    {
        using var client = fixture.CreateCookielessClient();

        using var signIn = await client.PostAsync("/dashboard/signin", Form(credential));

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Null(SessionCookie(signIn));
    }

    [Fact]
    public async Task LoopbackSignIn_RealMode_Refused()
    {
        using var client = fixture.CreateCookielessClient();

        using var signIn = await client.PostAsync("/dashboard/signin/local", content: null);

        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Null(SessionCookie(signIn));
    }

    private static FormUrlEncodedContent Form(string credential) => new([new("credential", credential)]);

    private static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).FirstOrDefault(v => v.StartsWith(DashboardAuthentication.CookieName + "=", StringComparison.Ordinal))
            : null;

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("""{"targets":[{"userId":"8a34a46b-3d17-4adc-8dce-dc4e7d572698"}]}""", System.Text.Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }
}
