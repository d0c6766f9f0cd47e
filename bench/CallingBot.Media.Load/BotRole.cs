using System.Security.Cryptography.X509Certificates;
using CallingBot.AspNetCore.Hosting;
using CallingBot.Core.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.Media.Load;

/// <summary>
/// The bot's role when the emulator runs in its own process (started by <see cref="ProcessScene"/>): the real host in
/// real mode, configured by environment, running every call's echo + DTMF + recording, serving https (and the media
/// WebSocket) on the emulator's certificate, plus the benchmark's own endpoints to reset and read its figures.
/// </summary>
internal static class BotRole
{
    public const string Argument = "bot-process";
    public const string TlsPfxVariable = "CALLINGBOT_MEDIA_LOAD_TLS_PFX";
    public const string ConnectedPath = "bench/media/connected";
    public const string ResetPath = "bench/media/reset";
    public const string FiguresPath = "bench/media";

    public static async Task<int> RunAsync()
    {
        var pfx = Environment.GetEnvironmentVariable(TlsPfxVariable) ?? throw new InvalidOperationException($"{TlsPfxVariable} is not set.");
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
        var router = new LoadRouter();
        var measurement = new BotMeasurement(router);
        await using var app = await CallingBotApplication.CreateAsync([], builder =>
        {
            builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
            builder.Services.Replace(ServiceDescriptor.Singleton<IIncomingCallRouter>(router));
        });
        app.MapGet("/" + ConnectedPath, () => Results.Json(measurement.Connected));
        app.MapPost("/" + ResetPath, () =>
        {
            measurement.Reset();
            return Results.NoContent();
        });
        app.MapGet("/" + FiguresPath, () => Results.Json(measurement.Read()));
        await app.RunAsync();
        return 0;
    }
}
