using System.Net;
using System.Net.Http.Json;
using CallingBot.AspNetCore.Api.Errors;

namespace CallingBot.Host.Tests.Api;

/// <summary>Both controllers that start calls answer a refusal of the call manager through the same mapping.</summary>
public sealed class ApiFailureTests
{
    private const string BobId = "5f0c3a51-7d4e-4b8a-9c2d-1e2f3a4b5c6d";

    public static TheoryData<string, string> StartRequests => new()
    {
        { "/api/v1/calls", $$"""{"targets":[{"kind":"user","id":"{{BobId}}"}]}""" },
        { "/api/v1/meetings/join", """{"joinMeetingId":"1234567890","passcode":"s3cret"}""" },
    };

    [Theory]
    [MemberData(nameof(StartRequests))]
    public async Task StartCall_WhileTheBotDrains_Returns503UnavailableProblemAndStartsNothing(string path, string body)
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        await bot.Manager.DrainAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(ApiProblemTypes.Unavailable, problem.GetProperty("type").GetString());
        Assert.Equal("Cannot start the call", problem.GetProperty("title").GetString());
        Assert.Equal("The bot is draining and does not start new calls.", problem.GetProperty("detail").GetString());
        Assert.Empty(bot.Emulator.Control.ListCalls());
    }

    [Theory]
    [MemberData(nameof(StartRequests))]
    public async Task StartCall_HandlerNameUnknown_Returns400NamingHandlerWithTheKnownNames(string path, string body)
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        using var content = new StringContent(body.Insert(1, "\"handler\":\"nobody\","), System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(path, content);

        Assert.Equal(["'handler' must be one of: default."], (await response.ReadValidationErrorsAsync())["handler"]);
        Assert.Empty(bot.Emulator.Control.ListCalls());
    }
}
