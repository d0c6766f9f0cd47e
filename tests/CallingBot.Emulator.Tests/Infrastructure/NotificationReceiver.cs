using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Emulator.Tests.Infrastructure;

/// <summary>
/// A tiny HTTPS bot endpoint on 127.0.0.1 (dynamic port) served with the emulator's certificate. It records every
/// notification and lets a test decide the response (to exercise redirects and retries) or forward to the SDK.
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedNotification> _received = new();

    private NotificationReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri CallbackUri => new(BaseAddress, "api/calling");

    public IReadOnlyList<ReceivedNotification> Received => [.. _received];

    /// <summary>Decides the response status of a notification before it is recorded as accepted; null accepts (202).</summary>
    public Func<HttpContext, Task<bool>>? Intercept { get; set; }

    /// <summary>Processes accepted notifications (e.g. hands them to the SDK) and writes the response.</summary>
    public Func<HttpContext, string, Task>? Handler { get; set; }

    public static async Task<NotificationReceiver> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var receiver = new NotificationReceiver(app);
        app.MapPost("/{**path}", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
