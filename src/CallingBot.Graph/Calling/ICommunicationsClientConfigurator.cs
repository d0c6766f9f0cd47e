using Microsoft.Graph.Communications.Client;

namespace CallingBot.Graph.Calling;

/// <summary>
/// Takes part in building the SDK's communications client: a media adapter sets the media platform here (the native
/// media platform is initialised by the builder) and keeps the built client to create its media sessions.
/// </summary>
public interface ICommunicationsClientConfigurator
{
    /// <summary>Called before the client is built.</summary>
    void Configure(ICommunicationsClientBuilder builder);

    /// <summary>Called once the client is built, before any notification can reach it.</summary>
    void OnBuilt(ICommunicationsClient client);
}
