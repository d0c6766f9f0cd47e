using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CallingBot.Bench;

/// <summary>
/// The smallest HTTPS server the benchmark's floors run on: Kestrel alone (no host services, no logging) on a loopback
/// port, HTTP/1.1 and HTTP/2 over TLS with the certificate given, no <c>Server</c> header.
/// </summary>
internal static class LoopbackServer
{
    /// <summary>A server to give a request delegate (<c>app.Run</c>) and start; <paramref name="port"/> 0 picks a free one.</summary>
    public static WebApplication Create(X509Certificate2 certificate, int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            });
        });
        return builder.Build();
    }
}
