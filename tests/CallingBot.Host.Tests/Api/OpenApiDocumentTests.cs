using System.Net;
using System.Net.Http.Headers;
using CallingBot.AspNetCore.Api;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.Host.Tests.ApiAccess;
using CallingBot.Host.Tests.Infrastructure;

namespace CallingBot.Host.Tests.Api;

/// <summary>
/// The OpenAPI document describes the operator surface, so it is protected like <c>/api/v1</c>, except where the
/// interactive API page reads it (local mode and Development).
/// </summary>
public sealed class OpenApiDocumentTests(RealModeApiFixture realMode) : IClassFixture<RealModeApiFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task OpenApiDocument_LocalModeWithoutTheApiPageAndWithoutTheApiKey_Returns401Problem(string? key)
    {
        await using var bot = await BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:Api:ApiKey"] = ApiTestHost.ApiKey,
            ["CallingBot:Api:ReferencePage"] = "false",
        });
        using var client = bot.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiAuthorization.ApiKeyHeader, key);
        }

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("/api/v1/calls", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_LocalModeWithTheApiPage_ServedWithoutKeyAndDeclaresTheKeyWhileTheApiStillNeedsIt()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateClient();

        using var document = await client.GetAsync("/openapi/v1.json");
        using var calls = await client.GetAsync("/api/v1/calls");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var json = await document.ReadJsonAsync();
        var scheme = json.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiReferencePage.ApiKeyScheme);
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal(ApiAuthorization.ApiKeyHeader, scheme.GetProperty("name").GetString());
        Assert.True(json.GetProperty("security")[0].TryGetProperty(ApiReferencePage.ApiKeyScheme, out _), "every operation requires the key");
        Assert.Equal(HttpStatusCode.Unauthorized, calls.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_RealModeByToken_401WithoutToken403WithoutPermission200WithIt()
    {
        var withoutPermission = realMode.ValidClaims();
        withoutPermission.Remove("roles");

        using var anonymous = await GetRealModeAsync(token: null);
        using var forbidden = await GetRealModeAsync(realMode.Sign(withoutPermission));
        using var allowed = await GetRealModeAsync(realMode.Sign(realMode.ValidClaims()));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var document = await allowed.ReadJsonAsync();
        Assert.Equal("CallingBot API", document.GetProperty("info").GetProperty("title").GetString());
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiReferencePage.BearerScheme);
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_WhenRequested_DescribesEveryApiRouteAndNotTheWebhook()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        Assert.Equal("CallingBot API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");
        Assert.Equal(
            new[]
            {
                "/api/v1/calls",
                "/api/v1/calls/{callId}",
                "/api/v1/calls/{callId}/participants/invite",
                "/api/v1/calls/{callId}/playPrompt",
                "/api/v1/calls/{callId}/sendDtmf",
                "/api/v1/calls/{callId}/transfer",
                "/api/v1/history",
                "/api/v1/history/{callId}",
                "/api/v1/meetings/join",
            },
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["get", "post"], paths.GetProperty("/api/v1/calls").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["delete", "get"], paths.GetProperty("/api/v1/calls/{callId}").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("CreateCall", paths.GetProperty("/api/v1/calls").GetProperty("post").GetProperty("operationId").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("CreateCallRequest", out _));
    }

    private async Task<HttpResponseMessage> GetRealModeAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await realMode.Client.SendAsync(request);
    }
}
