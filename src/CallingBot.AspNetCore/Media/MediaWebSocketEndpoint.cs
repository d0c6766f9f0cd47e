using System.Net.WebSockets;
using CallingBot.Media.Sessions;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Media;

/// <summary>
/// <c>/media/{sessionId}?token=…</c>: hosts the calling service's media WebSocket for one app-hosted call. The
/// <see cref="MediaSessionRegistry"/> decides before the upgrade whether the connection may proceed (a refusal is
/// answered here as ProblemDetails with its status); the accepted socket is then handed to the session, which runs
/// it until the socket or the call closes.
/// </summary>
internal sealed class MediaWebSocketEndpoint(MediaSessionRegistry sessions, IOptions<MediaEndpointOptions> options)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rawId = context.Request.RouteValues["sessionId"] as string ?? string.Empty;
        var presented = context.Request.Query["token"];
        var admission = await sessions.AdmitAsync(
            rawId,
            presented.Count == 1 ? presented[0] : null,
            context.WebSockets.IsWebSocketRequest,
            context.RequestAborted).ConfigureAwait(false);
        if (admission.Session is not { } session)
        {
            var status = StatusCodeOf(admission.Refusal);
            context.Response.StatusCode = status;
            await Results.Problem(statusCode: status, title: "Media connection refused", detail: admission.Reason).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = options.Value.KeepAliveInterval }).ConfigureAwait(false);
        await session.RunAsync(socket, context.RequestAborted).ConfigureAwait(false);
    }

    internal static int StatusCodeOf(MediaRefusal refusal) => refusal switch
    {
        MediaRefusal.NotWebSocketRequest => StatusCodes.Status400BadRequest,
        MediaRefusal.UnknownSession => StatusCodes.Status404NotFound,
        MediaRefusal.WrongToken => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status409Conflict,
    };
}
