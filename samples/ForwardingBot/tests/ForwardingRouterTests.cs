using System.Text.Json;
using CallingBot.AspNetCore.Testing;
using CallingBot.Core.Calls;
using CallingBot.Emulator.Control;
using Microsoft.Extensions.Time.Testing;

namespace ForwardingBot.Tests;

/// <summary>The forwarding sample end to end: callers ring the bot in the emulator and the bot redirects or rejects.</summary>
public sealed class ForwardingRouterTests
{
    private const string ColleagueId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string VipId = "a0b1c2d3-e4f5-4617-8293-a4b5c6d7e8f9";
    private const string BlockedId = "b1c2d3e4-f5a6-4728-9304-b5c6d7e8f9a0";
    private const string AssistantId = "c2d3e4f5-a6b7-4839-a415-c6d7e8f9a0b1";
    private const string AnnaId = "d3e4f5a6-b7c8-494a-b526-d7e8f9a0b1c2";
    private const string BenId = "e4f5a6b7-c8d9-4a5b-8637-e8f9a0b1c2d3";
    private const string OwnerId = "f5a6b7c8-d9e0-4b6c-9748-f9a0b1c2d3e4";
    private const string FrontDesk = "+14255550199";

    [Fact]
    public async Task Call_DuringOfficeHours_RingsTheTeamSimultaneously()
    {
        await using var bot = await CallingBotTestHost.StartAsync(ForwardingRouter.Create(Options(), ClockAt(10, 30)));

        var redirect = await CallAndReadAsync(bot, new IncomingCallRequest { AppId = bot.AppId, FromUserId = ColleagueId }, "/redirect");

        Assert.Equal([AnnaId, BenId], TargetIds(redirect));
        Assert.Equal(30, redirect.GetProperty("timeout").GetInt32());
        Assert.All(redirect.GetProperty("targets").EnumerateArray(), t => Assert.False(t.TryGetProperty("endpointType", out _)));
    }

    [Fact]
    public async Task Call_AfterOfficeHours_GoesToTheOwnersVoicemail()
    {
        await using var bot = await CallingBotTestHost.StartAsync(ForwardingRouter.Create(Options(), ClockAt(21, 0)));

        var redirect = await CallAndReadAsync(bot, new IncomingCallRequest { AppId = bot.AppId, FromUserId = ColleagueId }, "/redirect");

        Assert.Equal([OwnerId], TargetIds(redirect));
        Assert.Equal("voicemail", redirect.GetProperty("targets")[0].GetProperty("endpointType").GetString());
    }

    [Fact]
    public async Task Call_FromVip_GoesToTheAssistantEvenAfterHours()
    {
        await using var bot = await CallingBotTestHost.StartAsync(ForwardingRouter.Create(Options(), ClockAt(23, 0)));

        var redirect = await CallAndReadAsync(bot, new IncomingCallRequest { AppId = bot.AppId, FromUserId = VipId }, "/redirect");

        Assert.Equal([AssistantId], TargetIds(redirect));
    }

    [Fact]
    public async Task Call_FromPhone_IsForwardedToTheFrontDeskNumber()
    {
        await using var bot = await CallingBotTestHost.StartAsync(ForwardingRouter.Create(Options(), ClockAt(10, 0)));

        var redirect = await CallAndReadAsync(bot, new IncomingCallRequest { AppId = bot.AppId, FromPhoneNumber = "+14255550123" }, "/redirect");

        var target = Assert.Single(redirect.GetProperty("targets").EnumerateArray());
        Assert.Equal(FrontDesk, target.GetProperty("identity").GetProperty("phone").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Call_FromBlockedCaller_IsRejectedAsForbidden()
    {
        await using var bot = await CallingBotTestHost.StartAsync(ForwardingRouter.Create(Options(), ClockAt(10, 0)));

        var reject = await CallAndReadAsync(bot, new IncomingCallRequest { AppId = bot.AppId, FromUserId = BlockedId }, "/reject");

        Assert.Equal("forbidden", reject.GetProperty("reason").GetString()!.ToLowerInvariant());
    }

    private static ForwardingOptions Options() => new()
    {
        BlockedCallers = new HashSet<string>([BlockedId], StringComparer.OrdinalIgnoreCase),
        VipCallers = new HashSet<string>([VipId], StringComparer.OrdinalIgnoreCase),
        Assistant = ParticipantIdentity.User(AssistantId, "Assistant"),
        PhoneCallersTo = ParticipantIdentity.Phone(FrontDesk),
        Team = [ParticipantIdentity.User(AnnaId, "Anna"), ParticipantIdentity.User(BenId, "Ben")],
        VoicemailOwner = ParticipantIdentity.User(OwnerId, "Owner"),
    };

    /// <summary>A clock for the router only; the bot's own clock stays real so notification tokens stay valid.</summary>
    private static FakeTimeProvider ClockAt(int hour, int minute) =>
        new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(hour).AddMinutes(minute), TimeSpan.Zero));

    private static string[] TargetIds(JsonElement body) =>
        [.. body.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("identity").GetProperty("user").GetProperty("id").GetString()!)];

    /// <summary>Places the call, waits until it is over, and returns the body of the bot's single decision request.</summary>
    private static async Task<JsonElement> CallAndReadAsync(CallingBotTestHost bot, IncomingCallRequest request, string decision)
    {
        var callId = await bot.Control.PlaceIncomingCallAsync(request);
        await bot.Control.WaitForCallStateAsync(callId, "terminated");
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot forgets the call");
        Assert.Empty(bot.Control.Requests(callId, "/answer"));
        var entry = Assert.Single(bot.Control.Requests(callId, decision));
        return JsonDocument.Parse(entry.Body!).RootElement.Clone();
    }
}
