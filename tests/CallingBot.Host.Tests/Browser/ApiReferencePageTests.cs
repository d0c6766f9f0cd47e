using CallingBot.AspNetCore.Api;
using CallingBot.Host.Tests.Api;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing.Browser;
using Microsoft.Playwright;

namespace CallingBot.Host.Tests.Browser;

/// <summary>The interactive API page in a real headless Chromium: served by the host alone, and its requests carry the key.</summary>
public sealed class ApiReferencePageTests
{
    [Fact]
    public async Task ApiPage_LocalMode_LoadsFromTheHostAloneAndListsCallsWithTheKey()
    {
        await using var bot = await ApiTestHost.StartAsync();
        await using var chromium = await HeadlessChromium.LaunchAsync();

        await using var page = await chromium.OpenAsync(new Uri(bot.BaseAddress, ApiReferencePage.Path + "/v1"), "api-reference");
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "CallingBot API", Level = 1 })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Page.Locator("a[href='#tag/calls']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Combobox, new() { Name = "Name" })).ToHaveTextAsync("X-Api-Key");
        await page.ScreenshotAsync("loaded");

        // The page's own requests to the API, as its "try it" sends them: with the key the operator entered.
        var status = await page.Page.EvaluateAsync<int>(
            "async key => (await fetch('/api/v1/calls', { headers: { 'X-Api-Key': key } })).status",
            ApiTestHost.ApiKey);

        Assert.Equal(200, status);
        page.AssertClean();
    }
}
