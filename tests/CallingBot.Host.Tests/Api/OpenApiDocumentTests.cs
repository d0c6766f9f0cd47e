using System.Net;

namespace CallingBot.Host.Tests.Api;

public sealed class OpenApiDocumentTests
{
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
                "/api/v1/meetings/join",
            },
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["get", "post"], paths.GetProperty("/api/v1/calls").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["delete", "get"], paths.GetProperty("/api/v1/calls/{callId}").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("CreateCall", paths.GetProperty("/api/v1/calls").GetProperty("post").GetProperty("operationId").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("CreateCallRequest", out _));
    }
}
