using CallingBot.Core.Media;
using CallingBot.Media.Diagnostics;
using Microsoft.Graph.Communications.Calls;

namespace CallingBot.Graph.Media;

/// <summary>
/// An SDK media session that carries a call's app-hosted media, whatever the transport: the media streaming WebSocket
/// (<see cref="WebSocketMediaSession"/>) or Microsoft's native media platform (CallingBot.Media.Windows). The Graph
/// call binds it to its SDK call, hands the handler its <see cref="ICallMedia"/> once media flows, and closes it when
/// the call is removed.
/// </summary>
public interface IAppHostedMediaSession : IMediaSession
{
    /// <summary>The counters of the session's media once it flows; kept after the session closed (for the call's history).</summary>
    MediaStatistics? Statistics { get; }

    /// <summary>
    /// Binds the session to its SDK call (for a call the bot places, once the service has given its id). Called once per
    /// call, on the SDK's event thread: return quickly.
    /// </summary>
    void Attach(ICall call);

    /// <summary>
    /// Completes with the call's media once it flows; every caller gets the same instance. Fails when the session closes
    /// first.
    /// </summary>
    Task<ICallMedia> WaitConnectedAsync(CancellationToken cancellationToken);

    /// <summary>Drains the pipeline (recorders commit), releases the transport; idempotent.</summary>
    ValueTask CloseAsync();
}
