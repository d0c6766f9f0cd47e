using System.Text.Json.Nodes;
using CallingBot.Emulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CallingBot.Emulator.Tests.Identity;

public sealed class TokenEndpointTests
{
    [Fact]
    public async Task Token_ValidSecret_IssuesGraphTokenWithRoles()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var token = new JsonWebToken(await environment.GetTokenAsync());

        Assert.Equal("RS256", token.Alg);
        Assert.Equal(["https://graph.microsoft.com"], token.Audiences);
        Assert.Equal(TestApps.BotAppId, token.GetClaim("appid").Value);
        Assert.Equal(TestApps.TenantId, token.GetClaim("tid").Value);
        Assert.Equal(environment.Emulator.GetIssuer(TestApps.TenantId), token.Issuer);
        Assert.Equal(5, token.Claims.Count(c => c.Type == "roles"));
    }

    [Fact]
    public async Task Token_WrongSecret_Returns401InvalidClient()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var form = Form(TestApps.BotAppId, "wrong");

        using var response = await environment.Http.PostAsync($"{TestApps.TenantId}/oauth2/v2.0/token", form);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
        Assert.Equal(7000215, body["error_codes"]![0]!.GetValue<int>());
    }

    [Fact]
    public async Task Token_UnknownClient_Returns400UnauthorizedClient()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var form = Form("00000000-0000-0000-0000-000000000001", "x");

        using var response = await environment.Http.PostAsync($"{TestApps.TenantId}/oauth2/v2.0/token", form);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("unauthorized_client", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Discovery_TenantDocument_PointsAtTokenEndpointAndKeys()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var document = JsonNode.Parse(await environment.Http.GetStringAsync($"{TestApps.TenantId}/v2.0/.well-known/openid-configuration"))!;
        var keys = JsonNode.Parse(await environment.Http.GetStringAsync(new Uri(document["jwks_uri"]!.GetValue<string>())))!;

        Assert.Equal(environment.Emulator.GetIssuer(TestApps.TenantId), document["issuer"]!.GetValue<string>());
        Assert.EndsWith($"/{TestApps.TenantId}/oauth2/v2.0/token", document["token_endpoint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("RSA", keys["keys"]![0]!["kty"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(keys["keys"]![0]!["kid"]!.GetValue<string>()));
    }

    private static FormUrlEncodedContent Form(string clientId, string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
        ["scope"] = "https://graph.microsoft.com/.default",
    });
}
