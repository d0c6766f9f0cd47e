using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallingBot.Bench;

/// <summary>
/// The network floor of a notification: a bare HTTPS POST of the same body to a minimal Kestrel endpoint on loopback
/// that reads the body and answers 202, on the emulator's certificate, from a client built like the emulator's
/// delivery client, one request in flight. Nothing the bot does can be faster than this on the same machine.
/// </summary>
internal static class FloorProbe
{
    public static async Task<Samples> MeasureAsync(X509Certificate2 certificate, HttpMessageHandler clientHandler, string body, int count)
    {
        await using var app = LoopbackServer.Create(certificate, port: 0);
        app.Run(async context =>
        {
            // Read the whole body, as the bot's callback does, then answer 202 as it does.
            var buffer = new byte[16 * 1024];
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        var uri = new Uri(new Uri(address), "/api/calling");
        using var client = new HttpClient(clientHandler) { Timeout = TimeSpan.FromSeconds(30) };
        var samples = new Samples();
        for (var i = -Math.Min(200, count); i < count; i++)
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync(uri, content);
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"The floor endpoint answered {(int)response.StatusCode}.");
            }

            if (i >= 0)
            {
                samples.Add(elapsed.TotalMilliseconds);
            }
        }

        await app.StopAsync();
        return samples;
    }
}
