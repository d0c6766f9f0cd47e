using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CallingBot.AspNetCore.RequestLimits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Bench;

/// <summary>
/// The <c>relay-process</c> role (<c>--bot relay</c>): in place of the bot, the least a program must do on the wire
/// to answer the emulator's calls, so that the bot's figures can be read against what the machine gives for the same
/// HTTP traffic with no bot at all. It serves <c>/api/calling</c> on the same TLS certificate, reads every
/// notification's body and answers it <c>202</c>, and for each incoming-call notification posts one
/// <c>answer</c> to the emulator with an application token it fetched once (client credentials). Nothing else: no
/// callback token check (it only requires an <c>Authorization</c> header), no shape check, no SDK, no call state
/// beyond a set of call ids, no log. It is a floor, not a bot.
/// </summary>
internal static class RelayProcess
{
    private const int MaxBody = 64 * 1024;

    private static readonly string[] AudioOnly = ["audio"];

    public static async Task<int> RunAsync()
    {
        var pfx = Required("CALLINGBOT_BENCH_TLS_PFX");
        var callback = Required("CallingBot__Graph__CallbackUrl");
        var serviceBase = new Uri(Required("CallingBot__Graph__ServiceBaseUrl").TrimEnd('/') + "/");
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
        using var graph = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var token = await FetchTokenAsync(graph);
        var answerBody = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["callbackUri"] = callback,
            ["acceptedModalities"] = AudioOnly,
            ["mediaConfig"] = new Dictionary<string, object> { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" },
        });
        var calls = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        await using var app = LoopbackServer.Create(certificate, new Uri(Required("ASPNETCORE_URLS")).Port);
        app.Run(async context =>
        {
            var request = context.Request;
            switch (request.Method, request.Path.Value)
            {
                case ("POST", "/api/calling"):
                    if (!request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return;
                    }

                    var body = await BoundedBody.ReadAsync(request.Body, MaxBody, context.RequestAborted);
                    if (body is null)
                    {
                        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                        return;
                    }

                    foreach (var incoming in Apply(body, calls))
                    {
                        // Answered concurrently with the 202, as the bot answers on the SDK's queue while its callback returns.
                        _ = AnswerAsync(graph, serviceBase, incoming, token, answerBody);
                    }

                    context.Response.StatusCode = StatusCodes.Status202Accepted;
                    return;
                case ("GET", "/health/ready"):
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    return;
                case ("GET", "/bench/calls"):
                    await context.Response.WriteAsJsonAsync(new BotMemory(0, 0, calls.Count, calls.Count));
                    return;
                case ("GET", "/bench/runtime"):
                    await context.Response.WriteAsJsonAsync(BotProcess.Runtime());
                    return;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
            }
        });
        await app.RunAsync();
        return 0;
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set.");

    /// <summary>An application token from the emulator's token endpoint, once (the benchmark's runs are far shorter than its lifetime).</summary>
    private static async Task<string> FetchTokenAsync(HttpClient http)
    {
        var authority = new Uri(Required("CallingBot__Graph__AuthorityHost").TrimEnd('/') + "/");
        var tenant = Required("CallingBot__Graph__TenantId");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Required("CallingBot__Graph__AppId"),
            ["client_secret"] = Required("CallingBot__Graph__ClientSecret"),
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        using var response = await http.PostAsync(new Uri(authority, $"{tenant}/oauth2/v2.0/token"), form);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        return token.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("The token response has no access_token.");
    }

    /// <summary>Keeps the set of calls up to date from a batch; returns the ids of the calls that arrived in it.</summary>
    private static List<string> Apply(byte[] body, ConcurrentDictionary<string, byte> calls)
    {
        var incoming = new List<string>(1);
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("value", out var notifications) || notifications.ValueKind != JsonValueKind.Array)
        {
            return incoming;
        }

        foreach (var notification in notifications.EnumerateArray())
        {
            if (!notification.TryGetProperty("resourceData", out var resource) || resource.ValueKind != JsonValueKind.Object
                || !resource.TryGetProperty("@odata.type", out var type) || type.GetString() != "#microsoft.graph.call"
                || !resource.TryGetProperty("id", out var idElement) || idElement.GetString() is not { } id)
            {
                continue;
            }

            var changeType = notification.TryGetProperty("changeType", out var change) ? change.GetString() : null;
            var state = resource.TryGetProperty("state", out var stateElement) ? stateElement.GetString() : null;
            if (changeType == "created" && state == "incoming")
            {
                if (calls.TryAdd(id, 0))
                {
                    incoming.Add(id);
                }
            }
            else if (changeType == "deleted" || state == "terminated")
            {
                calls.TryRemove(id, out _);
            }
        }

        return incoming;
    }

    /// <summary>Posts the answer; a failure is written to standard error (the call then never establishes, and the benchmark's wait for it names it).</summary>
    private static async Task AnswerAsync(HttpClient graph, Uri serviceBase, string callId, string token, byte[] body)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(serviceBase, $"communications/calls/{callId}/answer"))
            {
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await graph.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"relay: answer of call {callId} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"relay: answer of call {callId} failed: {exception.Message}");
        }
    }
}
