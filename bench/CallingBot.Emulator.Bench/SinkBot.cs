using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Emulator.Bench;

/// <summary>The cheapest possible bot: an HTTPS endpoint that reads each notification and answers 202.</summary>
internal sealed class SinkBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _received;

    private SinkBot(WebApplication app) => _app = app;

    public Uri CallbackUri { get; private set; } = null!;

    public long Received => Interlocked.Read(ref _received);

    public static async Task<SinkBot> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var sink = new SinkBot(app);
        app.MapPost("/api/calling", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref sink._received);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.CallbackUri = new Uri(address.TrimEnd('/') + "/api/calling");
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
