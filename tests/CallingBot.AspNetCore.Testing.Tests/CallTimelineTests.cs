using System.Text.RegularExpressions;

namespace CallingBot.AspNetCore.Testing.Tests;

/// <summary>Timeline assertions fail with what was expected and the call's whole timeline, one line per entry.</summary>
public sealed partial class CallTimelineTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task AssertPlayedPrompts_OtherPrompts_FailsPrintingTheTimeline()
    {
        await using var bot = await CallingBotTestHost.StartAsync();
        var callId = await EstablishedCallAsync(bot);
        var timeline = bot.Timeline(callId);

        var failure = Assert.Throws<TimelineAssertionException>(() => timeline.AssertPlayedPrompts("https://media.contoso.example/welcome.wav"));

        var lines = failure.Message.Split(Environment.NewLine);
        Assert.Equal("Expected the bot to play [https://media.contoso.example/welcome.wav], in that order; it played [].", lines[0]);
        Assert.Equal($"Timeline of call {callId} ({timeline.Entries.Count} entries):", lines[1]);
        Assert.Equal(timeline.Entries.Count, lines.Length - 2);
        Assert.Matches(EntryLine(), lines[2]);
        Assert.Contains(lines, line => line.Contains($"bot -> POST /v1.0/communications/calls/{callId}/answer 2", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($"bot <- updated /communications/calls/{callId} (established) 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AssertSingleRequest_NoneSent_FailsNamingTheActionAndTheCount()
    {
        await using var bot = await CallingBotTestHost.StartAsync();
        var callId = await EstablishedCallAsync(bot);
        var timeline = bot.Timeline(callId);

        var failure = Assert.Throws<TimelineAssertionException>(() => timeline.AssertSingleRequest("/transfer"));

        Assert.StartsWith("Expected exactly one request of the bot ending with '/transfer'; found 0." + Environment.NewLine + "Timeline of call ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assertions_WhatHappened_Pass()
    {
        await using var bot = await CallingBotTestHost.StartAsync();
        var callId = await EstablishedCallAsync(bot);
        var timeline = bot.Timeline(callId);

        var answer = timeline.AssertSingleRequest("/answer");
        var established = timeline.AssertNotified("(established)");
        Assert.Empty(timeline.PlayedPrompts);
        timeline.AssertNoRequest("/transfer");

        Assert.Equal("POST", answer.Method);
        Assert.True(established.Sequence > answer.Sequence, "the call is established after the answer");
        Assert.Contains(established, timeline.DeliveredNotifications);
        Assert.Equal(bot.Control.PlayedPrompts(callId), timeline.PlayedPrompts);
        Assert.Equal([answer.Sequence], bot.Control.Requests(callId, "/answer").Select(e => e.Sequence));
    }

    [Fact]
    public async Task AssertNoRequest_RequestSent_FailsPrintingTheTimeline()
    {
        await using var bot = await CallingBotTestHost.StartAsync();
        var callId = await EstablishedCallAsync(bot);

        var failure = Assert.Throws<TimelineAssertionException>(() => bot.Timeline(callId).AssertNoRequest("/answer"));

        Assert.StartsWith("Expected no request of the bot ending with '/answer'; found 1.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/answer 2", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<string> EstablishedCallAsync(CallingBotTestHost bot)
    {
        var callId = await bot.CallFromTeamsUserAsync(AliceId, "Alice");
        await bot.WaitForCallStateAsync(callId, "established");
        await bot.Control.WaitForDeliveriesAsync(callId);
        return callId;
    }

    [GeneratedRegex(@"^  #\d+\s+\+\s*\d+ms (bot -> |bot <- |event  )")]
    private static partial Regex EntryLine();
}
