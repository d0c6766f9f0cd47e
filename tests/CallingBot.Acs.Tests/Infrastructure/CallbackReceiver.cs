using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Acs.Tests.Infrastructure;

/// <summary>An HTTPS callback endpoint on 127.0.0.1 (dynamic port) that records every CloudEvent posted to it.</summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private readonly ConcurrentQueue<string> _authorizations = new();
    private LoopbackServer _server = null!;

    private CallbackReceiver()
    {
    }

    public Uri CallbackUri => new(_server.BaseAddress, "acs/events");

    public IReadOnlyList<JsonObject> Events => [.. _events];

    /// <summary>Gets each posted body as sent, for example to feed it to <c>AcsCallingPlatform.ProcessCallbackEvents</c>.</summary>
    public Action<byte[]>? Forward { get; set; }

    /// <summary>The Authorization header of every post, in order.</summary>
    public IReadOnlyList<string> Authorizations => [.. _authorizations];

    public static async Task<CallbackReceiver> StartAsync(X509Certificate2 certificate)
    {
        var receiver = new CallbackReceiver();
        receiver._server = await LoopbackServer.StartHttpsAsync(app => app.MapPost("/acs/events", receiver.HandleAsync), certificate);
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        _authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
        var body = JsonNode.Parse(bytes);
        Forward?.Invoke(bytes);
        foreach (var item in body!.AsArray())
        {
            _events.Enqueue(item!.AsObject());
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
