using System.Net;
using CallingBot.Dashboard.Tests.Infrastructure;

namespace CallingBot.Dashboard.Tests.Access;

public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task SignIn_MoreAttemptsThanTheWindowAllows_429WithRetryAfterEvenForTheRightKey()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?>
        {
            ["CallingBot:Dashboard:SignInAttemptsPerWindow"] = "3",
            ["CallingBot:Dashboard:SignInWindow"] = "00:10:00",
        });
        using var client = host.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.PostAsync("/dashboard/signin", DashboardSignInTests.Form("wrong-key-wrong-key-" + i));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var throttled = await client.PostAsync("/dashboard/signin", DashboardSignInTests.Form(DashboardHost.ApiKey));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Null(DashboardHost.SessionCookie(throttled));
    }
}
