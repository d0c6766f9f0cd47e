using System.Net;
using CallingBot.Dashboard.Assets;
using CallingBot.Dashboard.Tests.Infrastructure;

namespace CallingBot.Dashboard.Tests.Assets;

/// <summary>The dashboard's files come from the host itself, typed, revalidated by entity tag, under a strict CSP.</summary>
public sealed class DashboardAssetTests(DashboardHostFixture fixture) : IClassFixture<DashboardHostFixture>
{
    [Theory]
    [InlineData("dashboard.js", "text/javascript")]
    [InlineData("signin.js", "text/javascript")]
    [InlineData("dashboard.css", "text/css")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task Asset_IsServedWithItsTypeAnETagAndSecurityHeaders_AndRevalidatesTo304(string name, string type)
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync($"/dashboard/assets/{name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal(DashboardAssets.ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(", ", response.Headers.GetValues("X-Content-Type-Options")));
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/dashboard/assets/{name}");
        again.Headers.IfNoneMatch.Add(etag!);
        using var revalidated = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Theory]
    [InlineData("missing.js")]
    [InlineData("index.html")]
    [InlineData("..%2Fsignin.html")]
    public async Task Asset_UnknownOrAPage_404(string name)
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync($"/dashboard/assets/{name}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void ContentSecurityPolicy_AllowsNoInlineScriptNorAnyOtherOrigin()
    {
        var policy = DashboardAssets.ContentSecurityPolicy;

        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_LoadNothingFromOtherOriginsAndHoldNoInlineScriptOrStyle()
    {
        foreach (var name in DashboardAssets.Names.Where(n => n.EndsWith(".html", StringComparison.Ordinal) || n.EndsWith(".js", StringComparison.Ordinal) || n.EndsWith(".css", StringComparison.Ordinal)))
        {
            var text = System.Text.Encoding.UTF8.GetString(DashboardAssets.Find(name)!.Content);
            Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
            Assert.DoesNotContain(" style=", text, StringComparison.Ordinal);
            Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal);
        }
    }
}
