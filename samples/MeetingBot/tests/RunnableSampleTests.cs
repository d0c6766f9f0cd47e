using System.Net.Http.Json;
using CallingBot.Core.Meetings;
using CallingBot.Testing;

namespace MeetingBot.Tests;

/// <summary><c>dotnet run --project samples/MeetingBot/src</c> as the README says: local mode, joined through the REST API.</summary>
public sealed class RunnableSampleTests
{
    [Fact]
    public async Task DotnetRun_LocalMode_JoinsAMeetingThroughTheRestApiAndAnnouncesItself()
    {
        await using var bot = await SampleProcess.StartAsync("MeetingBot");
        using var api = bot.CreateApiClient();
        var joinUrl = TeamsJoinUrl.Format(new MeetingCoordinates("19:meeting_runnable@thread.v2", "0", "f0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b", "72f988bf-86f1-41af-91ab-2d7cd011db47"));

        using var response = await api.PostAsJsonAsync("api/v1/meetings/join", new { joinUrl, handler = "meeting-bot" });
        Assert.True(response.IsSuccessStatusCode, $"join: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var joined = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var callId = joined.RootElement.GetProperty("id").GetString()!;

        await bot.WaitForCallStateAsync(callId, "established");
        await Eventually.UntilAsync(async () => (await bot.PlayedPromptsAsync(callId)).Count == 1, "the announcement is played");
        Assert.Equal(["https://media.contoso.com/meeting-bot/announcement.wav"], await bot.PlayedPromptsAsync(callId));
        Assert.Equal(0, await bot.StopAsync());
    }
}
