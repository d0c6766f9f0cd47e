using CallingBot.Graph.Calling;
using Microsoft.Graph.Models;

namespace CallingBot.Graph.Tests.Calling;

/// <summary>What a handler is told about an incoming call's modalities.</summary>
public sealed class IncomingCallMapperTests
{
    [Fact]
    public void Map_RequestedModalities_AreGraphsNames_OneStringPerProcess()
    {
        var first = IncomingCallMapper.Map(Call(), "call-1", "tenant-1", DateTimeOffset.UnixEpoch);
        var second = IncomingCallMapper.Map(Call(), "call-2", "tenant-1", DateTimeOffset.UnixEpoch);

        Assert.Equal(["audio", "video", "videoBasedScreenSharing"], first.Modalities);

        // The session keeps them for the call's life: every call holds the same strings.
        Assert.All(first.Modalities.Zip(second.Modalities), pair => Assert.Same(pair.First, pair.Second));
    }

    [Fact]
    public void Map_NoRequestedModalities_IsAudio()
    {
        var call = Call();
        call.RequestedModalities = null;

        Assert.Equal(["audio"], IncomingCallMapper.Map(call, "call-1", "tenant-1", DateTimeOffset.UnixEpoch).Modalities);
    }

    private static Call Call() => new()
    {
        Id = "call-1",
        TenantId = "tenant-1",
        Source = new ParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "user-1" } } },
        RequestedModalities = [Modality.Audio, Modality.Video, Modality.VideoBasedScreenSharing],
    };
}
