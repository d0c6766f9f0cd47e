using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Calls;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>
/// An emulator with an answered, established call whose notifications reach the test receiver: what most reference
/// pages' examples need. Requests go to <see cref="CallPath"/> under the version given.
/// </summary>
internal sealed class ConformanceCall : IAsyncDisposable
{
    private ConformanceCall(TestEnvironment environment, string callId, string token)
    {
        Environment = environment;
        CallId = callId;
        Token = token;
    }

    public TestEnvironment Environment { get; }

    public string CallId { get; }

    public string Token { get; private set; }

    public EmulatorControl Control => Environment.Emulator.Control;

    public static async Task<ConformanceCall> StartAsync(bool deltaRoster = false, bool contentSharing = false, Action<EmulatorOptions>? configure = null, List<string>? permissions = null)
    {
        var environment = await TestEnvironment.StartAsync(configure, permissions: permissions);
        try
        {
            var callId = await RoutingApiTests.AnswerAsync(environment, deltaRoster, contentSharing);
            await environment.Emulator.Control.WaitForDeliveriesAsync(callId);
            return new ConformanceCall(environment, callId, await environment.GetTokenAsync());
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Re-registers the test bot with only <paramref name="permissions"/> and takes a new token, for permission checks on the live call.</summary>
    public async Task RestrictPermissionsAsync(params string[] permissions)
    {
        Environment.Emulator.RegisterApplication(TestApps.Bot(Environment.Receiver.CallbackUri, [.. permissions]));
        Token = await Environment.GetTokenAsync();
    }

    public string CallPath(string version = "v1.0") => $"{version}/communications/calls/{CallId}";

    public Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string pathUnderCall, JsonNode? body = null, string version = "v1.0") =>
        Environment.GraphAsync(method, pathUnderCall.Length == 0 ? CallPath(version) : $"{CallPath(version)}/{pathUnderCall}", body, Token);

    public Task<(int Status, JsonNode? Body)> PostAsync(string action, JsonNode body, string version = "v1.0") => SendAsync(HttpMethod.Post, action, body, version);

    /// <summary>POSTs an action under the call and returns the Location header beside status and body.</summary>
    public async Task<(int Status, JsonNode? Body, Uri? Location)> PostWithLocationAsync(string action, JsonNode body, string version = "v1.0")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{CallPath(version)}/{action}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await Environment.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text), response.Headers.Location);
    }

    /// <summary>The notifications received so far for resources under the call, after waiting for every queued delivery.</summary>
    public async Task<List<ReceivedNotification>> NotificationsAsync()
    {
        await Control.WaitForDeliveriesAsync(CallId);
        return [.. Environment.Receiver.Received.Where(n => n.ResourceUrl.StartsWith($"/communications/calls/{CallId}", StringComparison.Ordinal))];
    }

    /// <summary>Waits for the commsOperation notification of <paramref name="operationId"/>.</summary>
    public async Task<JsonObject> OperationNotificationAsync(string operationId)
    {
        var received = await Environment.WaitForNotificationAsync(n => n.ResourceUrl.EndsWith("/operations/" + operationId, StringComparison.Ordinal), $"the notification of operation {operationId}");
        Assert.Equal("deleted", received.ChangeType);
        return received.ResourceData!.AsObject();
    }

    public ValueTask DisposeAsync() => Environment.DisposeAsync();
}
