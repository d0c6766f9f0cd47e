using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Acs;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Calls;

/// <summary>
/// Notifications carry a valid bearer token, so every path that sets a callback refuses plain http unless
/// AllowHttpCallbacks is on.
/// </summary>
public sealed class CallbackSchemeTests
{
    private const string HttpCallback = "http://127.0.0.1:9/api/calling";
    private const string CalleeId = "112f7296-5fa4-42ca-bae8-6a692b15d4b8";

    [Fact]
    public async Task GraphCreateCall_HttpCallback_Returns400NamingCallbackUri()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var body = CreateCallApiTests.PeerToPeer(environment, CalleeId);
        body["callbackUri"] = HttpCallback;

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);

        Assert.Equal(400, status);
        Assert.Contains("'callbackUri' must be an absolute https URI", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(environment.Emulator.Control.ListCalls());
    }

    [Theory]
    [InlineData("answer")]
    [InlineData("reject")]
    [InlineData("redirect")]
    public async Task GraphIncomingCallAction_HttpCallback_Returns400AndTheCallKeepsItsCallback(string action)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var body = action switch
        {
            "answer" => new JsonObject { ["acceptedModalities"] = new JsonArray("audio"), ["mediaConfig"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" } },
            "redirect" => new JsonObject { ["targets"] = new JsonArray(new JsonObject { ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = CalleeId } } }) },
            _ => new JsonObject { ["reason"] = "busy" },
        };
        body["callbackUri"] = HttpCallback;

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/{action}", body);

        Assert.Equal(400, status);
        Assert.Contains("callbackUri", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var call = environment.Emulator.Control.GetCall(callId)!;
        Assert.Equal(CallStates.Incoming, call.State);
        Assert.Equal(environment.Receiver.CallbackUri.ToString(), call.CallbackUri);
    }

    [Fact]
    public async Task ControlPostCalls_HttpCallback_Returns400AndPlacesNoCall()
    {
        await using var environment = await TestEnvironment.StartAsync();

        using var response = await environment.Http.PostAsJsonAsync("emulator/calls", new { appId = TestApps.BotAppId, callbackUri = HttpCallback });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("'callbackUri' must be an absolute https URI", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(environment.Emulator.Control.ListCalls());
    }

    [Fact]
    public async Task PlaceIncomingCallAsync_HttpCallback_Throws()
    {
        await using var environment = await TestEnvironment.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, CallbackUri = new Uri(HttpCallback) }));

        Assert.Empty(environment.Emulator.Control.ListCalls());
    }

    [Fact]
    public async Task ControlPostApplications_HttpCallback_Returns400AndRegistersNothing()
    {
        await using var environment = await TestEnvironment.StartAsync();

        using var response = await environment.Http.PostAsJsonAsync("emulator/applications", new { appId = "0f3c9b8e-11aa-4d5e-9f10-2b3c4d5e6f70", clientSecret = "s", callbackUri = HttpCallback });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("CallbackUri must be an absolute https URI", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(environment.Emulator.Control.Applications);
    }

    [Fact]
    public async Task RegisterApplication_HttpCallback_Throws()
    {
        await using var environment = await TestEnvironment.StartAsync();

        Assert.Throws<ArgumentException>(() => environment.Emulator.RegisterApplication(TestApps.Bot(new Uri(HttpCallback))));

        Assert.Equal(environment.Receiver.CallbackUri, Assert.Single(environment.Emulator.Control.Applications).CallbackUri);
    }

    [Fact]
    public void Validate_ApplicationWithHttpCallback_NamesTheSetting()
    {
        var refused = new EmulatorOptions { Applications = [TestApps.Bot(new Uri(HttpCallback))] }.Validate();
        var allowed = new EmulatorOptions { AllowHttpCallbacks = true, Applications = [TestApps.Bot(new Uri(HttpCallback))] }.Validate();

        Assert.StartsWith("Emulator:Applications:0:CallbackUri must be an absolute https URI", Assert.Single(refused), StringComparison.Ordinal);
        Assert.Empty(allowed);
    }

    [Fact]
    public async Task AcsCreateCall_HttpCallback_Returns400NamingCallbackUri()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var (status, body) = await AcsCreateCallAsync(environment, HttpCallback);

        Assert.Equal(400, status);
        Assert.Contains("callbackUri must be an absolute https URI", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowHttpCallbacks_HttpCallbackOnEveryPath_Accepted()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.AllowHttpCallbacks = true);
        var create = CreateCallApiTests.PeerToPeer(environment, CalleeId);
        create["callbackUri"] = HttpCallback;

        var (created, _) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", create);
        using var placed = await environment.Http.PostAsJsonAsync("emulator/calls", new { appId = TestApps.BotAppId, callbackUri = HttpCallback });
        using var registered = await environment.Http.PostAsJsonAsync("emulator/applications", new { appId = "0f3c9b8e-11aa-4d5e-9f10-2b3c4d5e6f70", clientSecret = "s", callbackUri = HttpCallback });
        var (acs, _) = await AcsCreateCallAsync(environment, HttpCallback);

        Assert.Equal(201, created);
        Assert.Equal(201, (int)placed.StatusCode);
        Assert.Equal(201, (int)registered.StatusCode);
        Assert.Equal(201, acs);
    }

    /// <summary>Signs a Create Call request with the emulator's ACS access key, as the ACS SDK does.</summary>
    private static async Task<(int Status, string Body)> AcsCreateCallAsync(TestEnvironment environment, string callback)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["callbackUri"] = callback,
            ["source"] = new JsonObject { ["identifier"] = new JsonObject { ["rawId"] = "8:acs:caller", ["communicationUser"] = new JsonObject { ["id"] = "8:acs:caller" } } },
            ["targets"] = new JsonArray(new JsonObject { ["rawId"] = "8:acs:callee", ["communicationUser"] = new JsonObject { ["id"] = "8:acs:callee" } }),
        }.ToJsonString());
        var pathAndQuery = $"/calling/callConnections?api-version={AcsEmulatorOptions.ApiVersion}";
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        var hash = Convert.ToBase64String(SHA256.HashData(body));
        var host = environment.Emulator.HttpsBaseAddress.Authority;
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(AcsEmulatorOptions.DefaultAccessKey), Encoding.UTF8.GetBytes($"POST\n{pathAndQuery}\n{date};{host};{hash}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery.TrimStart('/')) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", hash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
        using var response = await environment.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
