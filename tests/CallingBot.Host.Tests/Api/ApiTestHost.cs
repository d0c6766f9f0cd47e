using System.Net.Http.Json;
using System.Text.Json;
using CallingBot.Core.Routing;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Api;

/// <summary>
/// Starts the bot for API tests and gives clients that carry the API's credentials: the only place that knows how
/// API requests authenticate.
/// </summary>
public static class ApiTestHost
{
    public const string ApiKey = "api-tests-key-4b1d3c";

    public static Task<BotHost> StartAsync(IIncomingCallRouter? router = null, Action<IServiceCollection>? services = null) =>
        BotHost.StartAsync(router, new Dictionary<string, string?> { ["CallingBot:Api:ApiKey"] = ApiKey }, services);

    public static HttpClient CreateApiClient(this BotHost bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        var client = bot.CreateClient();
        client.DefaultRequestHeaders.Add(ApiAuthorization.ApiKeyHeader, ApiKey);
        return client;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    /// <summary>The field errors of a ValidationProblemDetails, after checking the problem's status and media type.</summary>
    public static async Task<IReadOnlyDictionary<string, string[]>> ReadValidationErrorsAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());
    }
}
