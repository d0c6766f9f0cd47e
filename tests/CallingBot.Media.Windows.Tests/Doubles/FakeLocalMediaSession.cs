using Microsoft.Graph.Communications.Calls.Media;
using Microsoft.Graph.Models;
using Microsoft.Skype.Bots.Media;
using Newtonsoft.Json.Linq;

namespace CallingBot.Media.Windows.Tests.Doubles;

/// <summary>The SDK's local media session as a test double over fake sockets.</summary>
internal sealed class FakeLocalMediaSession(FakeAudioSocket audio, FakeVideoSocket? video = null) : ILocalMediaSession
{
    public IAudioSocket AudioSocket { get; } = audio;

    public IReadOnlyList<IVideoSocket> VideoSockets => video is null ? [] : [video];

    public IVideoSocket VideoSocket => video!;

    public IVideoSocket VbssSocket => null!;

    public IDataSocket DataSocket => null!;

    public Guid MediaSessionId { get; } = Guid.NewGuid();

    public Modality[] Modalities => video is null ? [Modality.Audio] : [Modality.Audio, Modality.Video];

    public bool Disposed { get; private set; }

    public JObject GetMediaConfiguration() => new() { ["mpUri"] = "net.tcp://media0.bot.contoso.com:8445/MediaProcessor" };

    public void Dispose() => Disposed = true;
}
