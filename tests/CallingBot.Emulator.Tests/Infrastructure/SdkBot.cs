using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Client;
using Microsoft.Identity.Client;

namespace CallingBot.Emulator.Tests.Infrastructure;

/// <summary>
/// A bot built on the real Graph Communications SDK: MSAL against the emulator, notifications from the
/// test receiver fed into <c>ProcessNotificationAsync</c>.
/// </summary>
public sealed class SdkBot : IDisposable
{
    private readonly ConcurrentQueue<Task> _work = new();

    private SdkBot(ICommunicationsClient client, MsalAuthenticationProvider auth)
    {
        Client = client;
        Auth = auth;
        Calls = client.Calls();
    }

    public ICommunicationsClient Client { get; }

    public MsalAuthenticationProvider Auth { get; }

    public ICallCollection Calls { get; }

    /// <summary>Builds the client and routes the receiver's notifications into it.</summary>
    public static SdkBot Create(TestEnvironment environment, Func<ConfidentialClientApplicationBuilder, ConfidentialClientApplicationBuilder>? credential = null)
    {
        var auth = new MsalAuthenticationProvider(environment.Emulator, TestApps.BotAppId, credential ?? (b => b.WithClientSecret(TestApps.BotSecret)), TestApps.TenantId);
#pragma warning disable GRAPHCOMM_AUTH_0001 // The custom provider path is the one that can talk to a local authority.
        var client = new CommunicationsClientBuilder("EmulatorTestBot", TestApps.BotAppId)
            .SetAuthenticationProvider(auth)
#pragma warning restore GRAPHCOMM_AUTH_0001
            .SetNotificationUrl(environment.Receiver.CallbackUri)
            .SetServiceBaseUrl(environment.Emulator.GraphServiceBaseUrl)
            .SetHttpClient(new HttpClient(environment.Emulator.CreateTrustingHandler()))
            .Build();
        var bot = new SdkBot(client, auth);
        environment.Receiver.Handler = bot.ProcessAsync;
        return bot;
    }

    /// <summary>Runs SDK work started from an event handler and keeps it observable.</summary>
    public void Run(Func<Task> work) => _work.Enqueue(Task.Run(work));

    /// <summary>Awaits every piece of work started with <see cref="Run"/>.</summary>
    public Task WhenWorkDoneAsync() => Task.WhenAll(_work);

    private async Task ProcessAsync(HttpContext context, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}"))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        foreach (var header in context.Request.Headers)
        {
            if (!header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        using var response = await Client.ProcessNotificationAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
    }

    public void Dispose()
    {
        Client.Dispose();
        Auth.Dispose();
    }
}
