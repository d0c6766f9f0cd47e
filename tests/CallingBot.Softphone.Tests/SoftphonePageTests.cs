using System.Globalization;
using CallingBot.AspNetCore.Testing;
using CallingBot.Core.Calls;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Softphone;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing.Browser;
using EchoBot;
using IvrBot;
using Microsoft.Playwright;

namespace CallingBot.Softphone.Tests;

/// <summary>
/// The softphone page in a real headless Chromium against the sample bots, each in local mode with its in-process
/// emulator: the page rings the bot, speaks through its (fake) microphone, hears the bot, presses keys and answers the
/// bot's outbound calls. Frame invariant on the wire: 16 kHz mono 16-bit, 20 ms = 640 bytes.
/// </summary>
public sealed class SoftphonePageTests(SoftphoneFixture fixture) : IClassFixture<SoftphoneFixture>
{
    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string OperatorId = "e1d2c3b4-a5f6-4789-8abc-def012345678";
    private static readonly float Timeout = 30_000;

    [Fact]
    public async Task EchoBot_PageMicrophonePlaysATone_TheBotSendsItBackAndThePageHearsIt()
    {
        await using var bot = await CallingBotTestHost.StartAsync(new EchoRouter(new DetectedKeys()));
        await using var page = await fixture.Browser.OpenAsync(bot.Emulator.SoftphoneAddress, "echobot");

        await page.Page.FillAsync("#from-user", CallerId);
        await page.Page.ClickAsync("#call");
        var callId = await CallIdAsync(page);
        await bot.Control.WaitForCallStateAsync(callId, "established");

        // The bot echoes what the page's microphone captured: 50 frames (1 s) come back to the emulator, and the page
        // receives them over its audio socket.
        var media = await WithPageStateAsync(page, () => bot.Control.Media.WaitForMediaAsync(callId, s => s.FramesReceived >= 100, "100 frames from the bot", TimeSpan.FromSeconds(30)));
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('frames-received').textContent) >= 50", null, new() { Timeout = Timeout });

        var (share, rms) = Audio.ToneShare(bot.Control.Media.GetReceivedAudio(callId), SoftphoneFixture.ToneHz);
        Assert.True(rms > 0.05, $"the bot sent the microphone's tone back (RMS {rms:0.000})");
        Assert.True(share > 0.6, $"what the bot sent back is the 1 kHz tone the page captured ({share:P0} of its power)");
        var sent = int.Parse(await page.Page.InnerTextAsync("#frames-sent"), CultureInfo.InvariantCulture);
        Assert.True(sent >= 50, $"the page sent its microphone as 20 ms frames ({sent} sent)");
        var peak = double.Parse(await page.Page.InnerTextAsync("#peak"), CultureInfo.InvariantCulture);
        Assert.True(peak > 0.1, $"the page heard the echo (peak {peak})");
        Assert.Equal(0, media.UnknownMessagesReceived);
        await page.ScreenshotAsync("echo-call");

        await page.Page.ClickAsync("#hang-up");
        await bot.Control.WaitForCallStateAsync(callId, "terminated");
        await Assertions.Expect(page.Page.Locator("#call-state")).ToContainTextAsync("terminated", new() { Timeout = Timeout });
        await Assertions.Expect(page.Page.Locator("#audio-status")).ToContainTextAsync("closed", new() { Timeout = Timeout });
        page.AssertClean();
    }

    [Fact]
    public async Task IvrBot_KeysPressedOnTheKeypad_TheMenuFollowsAndThePromptsShowOnThePage()
    {
        var prompts = IvrPrompts.At(new Uri("https://media.contoso.example/ivr/"));
        await using var bot = await CallingBotTestHost.StartAsync(IvrRouter.Create(new IvrOptions { Prompts = prompts, Operator = ParticipantIdentity.User(OperatorId, "Operator") }, new InMemoryVoicemailBox()));
        await using var page = await fixture.Browser.OpenAsync(bot.Emulator.SoftphoneAddress, "ivrbot");

        // The greeting and the menu are local files (at 22.05 kHz, which the emulator resamples); the other prompts are not.
        var promptFiles = Directory.CreateTempSubdirectory("softphone-ivr-").FullName;
        await File.WriteAllBytesAsync(Path.Combine(promptFiles, "greeting.wav"), Audio.SineWav(440, sampleRate: 22_050, seconds: 0.3, levelDbfs: -20));
        await File.WriteAllBytesAsync(Path.Combine(promptFiles, "menu.wav"), Audio.SineWav(660, sampleRate: 22_050, seconds: 0.3, levelDbfs: -20));
        bot.Control.PromptDirectories = [new PromptDirectory { UriPrefix = "https://media.contoso.example/ivr/", Directory = promptFiles }];

        await page.Page.FillAsync("#from-user", CallerId);
        await page.Page.FillAsync("#from-name", "Alice");
        await page.Page.ClickAsync("#call");
        var callId = await CallIdAsync(page);
        await bot.Control.WaitForCallAsync(callId, c => c.IsToneSubscribed, "the menu listens for keys");

        // Service-hosted prompts: names shown; local files played, the others sound as a tone with the reason.
        await Assertions.Expect(page.Page.Locator("#prompts li")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await Assertions.Expect(page.Page.Locator("#prompts li").Nth(0)).ToHaveTextAsync("greeting.wav (played)", new() { Timeout = Timeout });
        await Assertions.Expect(page.Page.Locator("#prompts li").Nth(1)).ToHaveTextAsync("menu.wav (played)", new() { Timeout = Timeout });

        await page.Page.ClickAsync("#keypad button[data-key='1']");
        await Assertions.Expect(page.Page.Locator("#prompts li").Nth(2)).ToContainTextAsync("information.wav (tone: The prompt's file does not exist", new() { Timeout = Timeout });
        await Assertions.Expect(page.Page.Locator("#prompts li")).ToHaveCountAsync(4, new() { Timeout = Timeout });
        await page.ScreenshotAsync("ivr-menu");

        await page.Page.ClickAsync("#keypad button[data-key='2']");
        await bot.Control.WaitForCallStateAsync(callId, "terminated");
        await Assertions.Expect(page.Page.Locator("#timeline summary", new() { HasTextString = "/transfer" })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Assertions.Expect(page.Page.Locator("#prompts li").Nth(4)).ToContainTextAsync("transferring.wav", new() { Timeout = Timeout });
        var transfer = bot.Control.GetTimeline(callId).Single(e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/transfer", StringComparison.Ordinal));
        Assert.Contains(OperatorId, transfer.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["POST"], bot.Control.GetTimeline(callId).Where(e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/subscribeToTone", StringComparison.Ordinal)).Select(e => e.Method!).Distinct());
        await page.ScreenshotAsync("ivr-transfer");
        page.AssertClean();
        Directory.Delete(promptFiles, recursive: true);
    }

    [Fact]
    public async Task Participants_AddedSharingAndRemovedOnThePage_TheBotHearsOfEach()
    {
        const string carolId = "c4a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b";
        await using var bot = await CallingBotTestHost.StartAsync(new EchoRouter(new DetectedKeys()));
        await using var page = await fixture.Browser.OpenAsync(bot.Emulator.SoftphoneAddress, "participants");
        await page.Page.FillAsync("#from-user", CallerId);
        await page.Page.ClickAsync("#call");
        var callId = await CallIdAsync(page);
        await bot.Control.WaitForCallStateAsync(callId, "established");

        await page.Page.FillAsync("#join-user", carolId);
        await page.Page.FillAsync("#join-name", "Carol");
        await page.Page.ClickAsync("#join");
        var carol = page.Page.Locator("#participants tbody tr", new() { HasTextString = "Carol" });
        await Assertions.Expect(carol).ToHaveCountAsync(1, new() { Timeout = Timeout });
        var carolParticipant = (await bot.Control.WaitForCallAsync(callId, c => c.Participants.Any(p => p.IdentityId == carolId), "Carol joined")).Participants.Single(p => p.IdentityId == carolId);

        await carol.Locator("button.share").ClickAsync();
        await bot.Control.WaitForCallAsync(callId, c => c.Participants.Single(p => p.Id == carolParticipant.Id).IsSharingScreen, "Carol shares her screen");
        await Assertions.Expect(carol.Locator("button.share")).ToHaveTextAsync("Stop sharing", new() { Timeout = Timeout });
        await page.ScreenshotAsync("sharing");
        await carol.Locator("button.share").ClickAsync();
        await bot.Control.WaitForCallAsync(callId, c => !c.Participants.Single(p => p.Id == carolParticipant.Id).IsSharingScreen, "Carol stops sharing");
        await Assertions.Expect(carol.Locator("button.share")).ToHaveTextAsync("Share screen", new() { Timeout = Timeout });
        await carol.Locator("button.remove").ClickAsync();
        var after = await bot.Control.WaitForCallAsync(callId, c => c.Participants.All(p => p.IdentityId != carolId), "Carol left");
        await Assertions.Expect(carol).ToHaveCountAsync(0, new() { Timeout = Timeout });

        Assert.Equal("established", after.State);
        var events = bot.Control.GetTimeline(callId).Where(e => e.Kind == TimelineEntryKind.Event).Select(e => e.Description!).ToList();
        Assert.Contains(events, e => e.Contains($"User {carolId} joined", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains($"Participant {carolParticipant.Id} started sharing", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains($"Participant {carolParticipant.Id} left", StringComparison.Ordinal));
        page.AssertClean();
    }

    [Fact]
    public async Task PhoneCall_FromANumberOnThePage_RingsTheBotAsAPstnCallAndHangsUp()
    {
        const string number = "+14255550123";
        await using var bot = await CallingBotTestHost.StartAsync(new EchoRouter(new DetectedKeys()));
        await using var page = await fixture.Browser.OpenAsync(bot.Emulator.SoftphoneAddress, "phone");

        await Assertions.Expect(page.Page.Locator("#from-phone")).ToBeHiddenAsync(new() { Timeout = Timeout });
        await page.Page.CheckAsync("#from-kind-phone");
        await Assertions.Expect(page.Page.Locator("#from-user")).ToBeHiddenAsync(new() { Timeout = Timeout });
        await page.Page.FillAsync("#from-phone", number);
        await page.Page.ClickAsync("#call");
        var callId = await CallIdAsync(page);
        var established = await bot.Control.WaitForCallStateAsync(callId, "established");
        await Assertions.Expect(page.Page.Locator("#me")).ToContainTextAsync("participant", new() { Timeout = Timeout });
        await page.Page.ClickAsync("#hang-up");
        var ended = await bot.Control.WaitForCallStateAsync(callId, "terminated");

        Assert.Equal(CallingBot.Emulator.Calls.CallKind.Pstn, established.Kind);
        Assert.Contains(established.Participants, p => p.IdentityKind == "phone" && p.IdentityId == number);
        Assert.Equal(540000, ended.ResultSubcode);
        page.AssertClean();
    }

    [Fact]
    public async Task OutboundCall_ToAUserThatRingsHere_RingsOnThePageAndIsAnsweredThere()
    {
        const string calleeId = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
        var keys = new DetectedKeys();
        await using var bot = await CallingBotTestHost.StartAsync(new EchoRouter(keys));
        await using var page = await fixture.Browser.OpenAsync(bot.Emulator.SoftphoneAddress, "outbound");

        await page.Page.FillAsync("#callee-id", calleeId);
        await page.Page.FillAsync("#callee-name", "Bob");
        await page.Page.ClickAsync("#ring-here");
        await Assertions.Expect(page.Page.Locator("#ring-here-status")).ToContainTextAsync(calleeId, new() { Timeout = Timeout });
        Assert.Equal(CalleeResponse.Browser, bot.Control.Users.Single(u => u.Id == calleeId).Behavior.Response);

        var placed = await bot.Manager.CreateCallAsync(
            new OutboundCallRequest { Targets = [ParticipantIdentity.User(calleeId, "Bob")], Media = MediaHosting.AppHosted },
            new EchoHandler(keys),
            CancellationToken.None);
        var ring = await bot.Control.WaitForRingingAsync(r => r.IdentityId == calleeId, "Bob");
        await Assertions.Expect(page.Page.Locator("#ringing li")).ToContainTextAsync(calleeId, new() { Timeout = Timeout });
        Assert.Equal("establishing", bot.Control.GetCall(ring.CallId)!.State);
        await page.ScreenshotAsync("outbound-ringing");

        await page.Page.ClickAsync("#ringing li button.answer");
        var established = await bot.Control.WaitForCallStateAsync(ring.CallId, "established");
        Assert.Contains(established.Participants, p => !p.IsBot && p.IdentityId == calleeId);
        Assert.Empty(bot.Control.ListRinging());
        await Assertions.Expect(page.Page.Locator("#call-state")).ToHaveTextAsync("established", new() { Timeout = Timeout });
        await bot.Control.Media.WaitForMediaAsync(ring.CallId, s => s.FramesReceived >= 50, "the bot echoes the answering page", TimeSpan.FromSeconds(30));
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('frames-received').textContent) >= 25", null, new() { Timeout = Timeout });
        await page.ScreenshotAsync("outbound-answered");

        await page.Page.ClickAsync("#hang-up");
        await bot.Control.WaitForCallStateAsync(ring.CallId, "terminated");
        Assert.Equal(placed.CallId, ring.CallId, ignoreCase: true);
        page.AssertClean();
    }

    [Fact]
    public async Task OutboundCall_DeclinedOnThePage_EndsWith603AndStopsRinging()
    {
        var keys = new DetectedKeys();
        await using var bot = await CallingBotTestHost.StartAsync(new EchoRouter(keys));
        await using var page = await fixture.Browser.OpenAsync(bot.Emulator.SoftphoneAddress, "declined");
        await page.Page.FillAsync("#callee-id", "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e60");
        await page.Page.ClickAsync("#ring-here");
        await Assertions.Expect(page.Page.Locator("#ring-here-status")).Not.ToBeEmptyAsync(new() { Timeout = Timeout });

        var placed = await bot.Manager.CreateCallAsync(
            new OutboundCallRequest { Targets = [ParticipantIdentity.User("4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e60")] },
            new EchoHandler(keys),
            CancellationToken.None);
        await Assertions.Expect(page.Page.Locator("#ringing li")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await page.Page.ClickAsync("#ringing li button.danger");
        var ended = await bot.Control.WaitForCallStateAsync(placed.CallId, "terminated");
        await Assertions.Expect(page.Page.Locator("#ringing li")).ToHaveCountAsync(0, new() { Timeout = Timeout });

        Assert.Equal(603, ended.ResultCode);
        Assert.Empty(bot.Control.ListRinging());
        page.AssertClean();
    }

    /// <summary>Runs <paramref name="wait"/>; when it fails, says what the page shows and reported.</summary>
    private static async Task<T> WithPageStateAsync<T>(BrowserPage page, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException exception)
        {
            var shown = string.Join(" | ", await Task.WhenAll(
                new[] { "#call-state", "#audio-status", "#frames-sent", "#frames-received", "#error" }.Select(async s => $"{s}: {await page.Page.InnerTextAsync(s)}")));
            throw new TimeoutException($"{exception.Message} The page shows {shown}; it reported: {string.Join("; ", page.Errors)}", exception);
        }
    }

    private static async Task<string> CallIdAsync(BrowserPage page)
    {
        await Assertions.Expect(page.Page.Locator("#call-id")).Not.ToBeEmptyAsync(new() { Timeout = Timeout });
        return await page.Page.InnerTextAsync("#call-id");
    }
}
