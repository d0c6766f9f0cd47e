using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Emulator.Tests.Infrastructure;

/// <summary>
/// A tiny HTTPS bot endpoint on 127.0.0.1 (dynamic port) served with the emulator's certificate. It records every
/// notification and lets a test decide the response (to exercise redirects and retries) or forward to the SDK.
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedNotification> _received = new();
    private LoopbackServer _server = null!;

    private NotificationReceiver()
    {
    }

    public Uri BaseAddress => _server.BaseAddress;

    public Uri CallbackUri => new(BaseAddress, "api/calling");

    public IReadOnlyList<ReceivedNotification> Received => [.. _received];

    /// <summary>Decides the response status of a notification before it is recorded as accepted; null accepts (202).</summary>
    public Func<HttpContext, Task<bool>>? Intercept { get; set; }

    /// <summary>Processes accepted notifications (e.g. hands them to the SDK) and writes the response.</summary>
    public Func<HttpContext, string, Task>? Handler { get; set; }

    public static async Task<NotificationReceiver> StartAsync(X509Certificate2 certificate)
    {
        var receiver = new NotificationReceiver();
        receiver._server = await LoopbackServer.StartHttpsAsync(app => app.MapPost("/{**path}", receiver.HandleAsync), certificate);
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        if (Intercept is { } intercept && await intercept(context))
        {
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;
        _received.Enqueue(new ReceivedNotification(context.Request.Path, body, token));
        if (Handler is { } handler)
        {
            await handler(context, body);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }
}
