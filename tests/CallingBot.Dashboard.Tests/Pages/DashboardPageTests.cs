using CallingBot.Dashboard.Live;
using CallingBot.Dashboard.Tests.Infrastructure;
using CallingBot.Dashboard.Timeline;
using CallingBot.Testing;
using CallingBot.Testing.Browser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallingBot.Dashboard.Tests.Pages;

/// <summary>
/// The dashboard in a real headless Chromium against the real host in local mode, calls rung through the emulator's
/// control API: the page loads clean, a call shows up within a second of the ring, its timeline shows the answer, and
/// after the hang-up its history row appears. Screenshots are kept under TestResults/screenshots.
/// </summary>
public sealed class DashboardPageTests
{
    private static readonly LocatorAssertionsToBeVisibleOptions WithinOneSecond = new() { Timeout = 1000 };
    private static readonly LocatorAssertionsToBeVisibleOptions WithinTenSeconds = new() { Timeout = 10_000 };

    [Fact]
    public async Task Dashboard_CallRungThroughTheEmulator_AppearsWithinASecondShowsItsAnswerAndLandsInTheHistory()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var page = await browser.OpenAsync(new Uri(host.BaseAddress, "/dashboard/"), "dashboard");

        // Signed out: the sign-in page, then the API key.
        await Expect(page.Page).ToHaveURLAsync(new Uri(host.BaseAddress, "/dashboard/signin").ToString());
        await Expect(page.Page.Locator("#credential-label")).ToHaveTextAsync("API key");
        await page.Page.Locator("#credential").FillAsync(DashboardHost.ApiKey);
        await page.ScreenshotAsync("signin");
        await page.Page.Locator("#signin-button").ClickAsync();
        await Expect(page.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        await Expect(page.Page.Locator("#health-list li[data-check='ready']")).ToBeVisibleAsync(WithinTenSeconds);

        // The first call of a fresh process pays once for JIT, the SDK's start and the first fetch of the token keys
        // (about a second here); the one-second budget is for a running bot, so one call goes first.
        var warmup = await host.RingAsync();
        await Expect(page.Page.Locator($"#calls-table tr[data-call-id='{warmup}']")).ToBeVisibleAsync(WithinTenSeconds);
        await host.HangUpAsync(warmup);

        // The emulator's ring returns once the bot took the incoming call's notification.
        var callId = await host.RingAsync();

        var row = page.Page.Locator($"#calls-table tr[data-call-id='{callId}']");
        await Expect(row).ToBeVisibleAsync(WithinOneSecond);
        await row.ClickAsync();
        await Expect(page.Page.Locator("#timeline-diagram g.entry[data-kind='request'][data-label='answer']")).ToBeVisibleAsync(WithinTenSeconds);
        await Expect(row.Locator("td.state")).ToHaveTextAsync("Established", new() { Timeout = 10_000 });
        await Expect(page.Page.Locator("#timeline-diagram g.entry[data-kind='event'][data-label='state: Established']")).ToBeVisibleAsync(WithinTenSeconds);
        await page.ScreenshotAsync("live-call");
        await page.Page.Locator("#timeline").ScreenshotAsync(new() { Path = Path.Combine(TestArtifacts.Directory, "dashboard-timeline.png") });

        await host.HangUpAsync(callId);

        await Expect(page.Page.Locator($"#history-table tr[data-call-id='{callId}'] td.outcome")).ToHaveTextAsync("answered", new() { Timeout = 10_000 });
        await Expect(row).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("ended"));
        await Eventually.UntilAsync(() => host.Manager.ActiveCallCount == 0, "the call leaves the manager");
        await page.ScreenshotAsync("history");
        page.AssertClean();
    }

    [Fact]
    public async Task Dashboard_AnOlderSummaryArrivingAfterTheEnd_DoesNotBringTheCallBack()
    {
        // Spans stop on many threads, so the bot can publish a call's "Terminating" after its end; the page must keep
        // the newer summary. Here the older one is published on purpose, then a marker the page shows once it read it.
        await using var host = await DashboardHost.StartAsync();
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var page = await browser.OpenAsync(new Uri(host.BaseAddress, "/dashboard/signin"), "dashboard-out-of-order");
        await page.Page.Locator("#loopback-button").ClickAsync(new() { Timeout = 10_000 });
        await Expect(page.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });

        var callId = await host.RingAsync();
        var row = page.Page.Locator($"#calls-table tr[data-call-id='{callId}']");
        await Expect(row.Locator("td.state")).ToHaveTextAsync("Established", new() { Timeout = 10_000 });
        await host.HangUpAsync(callId);
        await Expect(row).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("ended"), new() { Timeout = 10_000 });

        var ended = host.Services.GetRequiredService<CallTimelineStore>().Get(callId)!.Value.Call;
        var broadcaster = host.Services.GetRequiredService<LiveBroadcaster>();
        broadcaster.Publish("call", new { call = ended with { State = "Terminating", EndedAt = null, Revision = ended.Revision - 1 } });
        broadcaster.Publish("call", new { call = ended with { CallId = "marker-call" } });
        await Expect(page.Page.Locator("#calls-table tr[data-call-id='marker-call']")).ToBeVisibleAsync(WithinTenSeconds);

        await Expect(row).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("ended"));
        await Expect(row.Locator("td.state")).ToHaveTextAsync("Terminated");
        page.AssertClean();
    }

    [Fact]
    public async Task SignInPage_LocalModeFromThisMachine_OneClickSignInOpensTheDashboardAndSignOutReturns()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var page = await browser.OpenAsync(new Uri(host.BaseAddress, "/dashboard/signin"), "dashboard-loopback");

        await page.Page.Locator("#loopback-button").ClickAsync(new() { Timeout = 10_000 });
        await Expect(page.Page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        await Expect(page.Page.Locator("#session-name")).ToHaveTextAsync("local-operator");
        await page.Page.Locator("#signout-button").ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Uri(host.BaseAddress, "/dashboard/signin").ToString());
        await page.Page.GotoAsync(new Uri(host.BaseAddress, "/dashboard/").ToString());
        await Expect(page.Page).ToHaveURLAsync(new Uri(host.BaseAddress, "/dashboard/signin").ToString());
        page.AssertClean();
    }

    [Fact]
    public async Task SignInPage_WrongKey_ShowsWhyAndStaysSignedOut()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var page = await browser.OpenAsync(new Uri(host.BaseAddress, "/dashboard/signin"), "dashboard-wrong-key");

        await page.Page.Locator("#credential").FillAsync("not-the-key-not-the-key");
        await page.Page.Locator("#signin-button").ClickAsync();

        await Expect(page.Page.Locator("#signin-error")).ToHaveTextAsync("The API key was not accepted.", new() { Timeout = 10_000 });
        await Expect(page.Page).ToHaveURLAsync(new Uri(host.BaseAddress, "/dashboard/signin").ToString());
        // The browser reports the refused sign-in (401) on its console; nothing else may be there.
        Assert.All(page.Errors, e => Assert.Contains("status of 401", e, StringComparison.Ordinal));
        Assert.Empty(page.RefusedRequests);
    }
}
