using System.Security.Cryptography.X509Certificates;
using CallingBot.Media.Sessions;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Acs.Tests.Infrastructure;

/// <summary>
/// The bot's media WebSocket endpoint on 127.0.0.1 (dynamic port, HTTPS): admits <c>/media/{sessionId}?token=…</c>
/// into a <see cref="MediaSessionRegistry"/> the way the hosting library does, and answers a refusal with 401/404.
/// </summary>
public sealed class MediaEndpoint : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    private MediaEndpoint()
    {
    }

    public MediaSessionRegistry Sessions { get; } = new(new MediaEndpointOptions(), _ => false, TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>The wss base address the ACS platform puts session URLs under.</summary>
    public Uri BaseAddress => MediaUrls.ToWebSocketBase(_server.BaseAddress);

    public static async Task<MediaEndpoint> StartAsync(X509Certificate2 certificate)
    {
        var endpoint = new MediaEndpoint();
        endpoint._server = await LoopbackServer.StartHttpsAsync(
            app =>
            {
                app.UseWebSockets();
                app.Map(MediaUrls.RouteTemplate, endpoint.HandleAsync);
            },
            certificate);
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await Sessions.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var token = context.Request.Query["token"];
        var admission = await Sessions.AdmitAsync(
            context.Request.RouteValues["sessionId"] as string ?? string.Empty,
            token.Count == 1 ? token[0] : null,
            context.WebSockets.IsWebSocketRequest,
            context.RequestAborted);
        if (admission.Session is not { } session)
        {
            context.Response.StatusCode = admission.Refusal == MediaRefusal.WrongToken ? StatusCodes.Status401Unauthorized : StatusCodes.Status404NotFound;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await session.RunAsync(socket, context.RequestAborted);
    }
}
