using Microsoft.Graph.Communications.Calls;

namespace CallingBot.Graph.Calling;

/// <summary>Creates the SDK media session for an app-hosted call (its configuration blob tells the service where to stream).</summary>
public interface IMediaSessionFactory
{
    /// <param name="callId">The call being answered, or null for a call the bot places (its id is not known yet).</param>
    IMediaSession Create(string? callId);
}
