using System.Net;
using System.Text;
using System.Text.Json;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.Host.Tests.Callbacks;

namespace CallingBot.Host.Tests.ApiAccess;

/// <summary>The operator API in local mode: API key required under /api/v1, health open, bodies bounded.</summary>
public sealed class ApiProtectionTests(HostileCallbackFixture fixture) : IClassFixture<HostileCallbackFixture>
{
    public static TheoryData<string, string?> Unauthenticated => new()
    {
        { "/api/v1/calls", null },
        { "/api/v1/calls", "wrong-key-wrong-key-wrong-key" },
        { "/api/v1/calls", string.Empty },
        { "/api/v1/calls", HostileCallbackFixture.ApiKey + "x" },
        { "/api/v1/calls", HostileCallbackFixture.ApiKey.ToUpperInvariant() },
        { "/api/v1/does-not-exist", null },
        { "/API/V1/calls", null },
        { "/api/v1/", null },
    };

    [Theory]
    [MemberData(nameof(Unauthenticated))]
    public async Task Api_WithoutValidKey_Returns401ProblemAndChangesNothing(string path, string? key)
    {
        var before = fixture.Capture();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiAuthorization.ApiKeyHeader, key);
        }

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(before, fixture.Capture());
    }

    [Fact]
    public async Task Api_PostWithoutKey_Returns401BeforeReadingTheBody()
    {
        var before = fixture.Capture();
        using var content = new StringContent("{\"targets\":[" + new string('[', 500), Encoding.UTF8, "application/json");

        using var response = await fixture.Client.PostAsync("/api/v1/calls", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, fixture.Capture());
    }

    [Fact]
    public async Task Api_KeyInAuthorizationHeaderInstead_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + HostileCallbackFixture.ApiKey);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_UnknownPathWithValidKey_Returns404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/does-not-exist");
        request.Headers.Add(ApiAuthorization.ApiKeyHeader, HostileCallbackFixture.ApiKey);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public static TheoryData<string, int> HostileBodies => new()
    {
        { "{\"a\":" + new string('[', 100) + new string(']', 100) + "}", 400 },
        { "{\"a\":[" + string.Join(',', Enumerable.Repeat("1", 5000)) + "]}", 400 },
        { "{\"a\":", 400 },
        { "{\"a\":1} trailing", 400 },
        { "{\"a\":\"" + new string('x', 300_000) + "\"}", 413 },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Api_HostileJsonBodyWithValidKey_IsRejectedBeforeAnyController(string body, int expected)
    {
        var before = fixture.Capture();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calls") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(ApiAuthorization.ApiKeyHeader, HostileCallbackFixture.ApiKey);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, fixture.Capture());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_WithoutCredentials_Returns200(string path)
    {
        using var response = await fixture.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Callback_WithApiKeyButNoToken_Returns401()
    {
        var before = fixture.Capture();

        using var response = await fixture.PostAsync(null, HostileCallbackCases.EndLiveCall(fixture), configure: r => r.Headers.Add(ApiAuthorization.ApiKeyHeader, HostileCallbackFixture.ApiKey));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, fixture.Capture());
    }
}
