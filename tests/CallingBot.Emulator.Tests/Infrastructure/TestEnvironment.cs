using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Identity;
using CallingBot.Testing;

namespace CallingBot.Emulator.Tests.Infrastructure;

/// <summary>A started emulator plus a notification receiver registered as the test bot's callback.</summary>
public sealed class TestEnvironment : IAsyncDisposable
{
    private TestEnvironment(GraphEmulator emulator, NotificationReceiver receiver, HttpClient http)
    {
        Emulator = emulator;
        Receiver = receiver;
        Http = http;
    }

    public GraphEmulator Emulator { get; }

    public NotificationReceiver Receiver { get; }

    /// <summary>An HttpClient that trusts the emulator, based at its HTTPS address.</summary>
    public HttpClient Http { get; }

    public static async Task<TestEnvironment> StartAsync(Action<EmulatorOptions>? configure = null, TimeProvider? time = null, List<string>? permissions = null, Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        var options = new EmulatorOptions { DefaultTenantId = TestApps.TenantId, DeliveryRetryDelay = TimeSpan.Zero };
        configure?.Invoke(options);
        var emulator = await GraphEmulator.StartAsync(options, time, loggers);
        var receiver = await NotificationReceiver.StartAsync(emulator.TlsCertificate);
        emulator.RegisterApplication(TestApps.Bot(receiver.CallbackUri, permissions));
        var http = new HttpClient(emulator.CreateTrustingHandler()) { BaseAddress = emulator.HttpsBaseAddress };
        return new TestEnvironment(emulator, receiver, http);
    }

    /// <summary>Gets an access token with the client secret through the token endpoint.</summary>
    public async Task<string> GetTokenAsync(string appId = TestApps.BotAppId, string secret = TestApps.BotSecret)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = appId,
            ["client_secret"] = secret,
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        using var response = await Http.PostAsync($"{TestApps.TenantId}/oauth2/v2.0/token", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["access_token"]!.GetValue<string>();
    }

    /// <summary>Sends a Graph request with a bearer token; returns status and parsed body (null when empty).</summary>
    public async Task<(int Status, JsonNode? Body)> GraphAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await GetTokenAsync());
        if (body is not null)
        {
            var text = body as string ?? ((JsonNode)body).ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var responseText = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, string.IsNullOrWhiteSpace(responseText) ? null : JsonNode.Parse(responseText));
    }

    /// <summary>Waits until the receiver holds a notification matching <paramref name="predicate"/>.</summary>
    public Task<ReceivedNotification> WaitForNotificationAsync(Func<ReceivedNotification, bool> predicate, string phase) =>
        Eventually.UntilAsync(() => Receiver.Received.FirstOrDefault(predicate), phase);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
