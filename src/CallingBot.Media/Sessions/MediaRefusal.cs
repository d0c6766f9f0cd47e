namespace CallingBot.Media.Sessions;

/// <summary>Why <see cref="MediaSessionRegistry.AdmitAsync"/> refused a media connection, before its upgrade.</summary>
public enum MediaRefusal
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The request is not a WebSocket upgrade (HTTP 400).</summary>
    NotWebSocketRequest,

    /// <summary>No open session has that id, or the id is not 32 hex digits (HTTP 404).</summary>
    UnknownSession,

    /// <summary>The token is missing, repeated or not the session's (HTTP 401).</summary>
    WrongToken,

    /// <summary>The session's call id did not become known within the bind timeout (HTTP 409).</summary>
    CallNotKnown,

    /// <summary>The call registry says the session's call ended (HTTP 409).</summary>
    CallEnded,

    /// <summary>The session is closed (HTTP 409).</summary>
    SessionClosed,

    /// <summary>The session already has its one connection (HTTP 409).</summary>
    AlreadyConnected,
}
