using CallingBot.Media.Windows.Audio;

namespace CallingBot.Media.Windows.Tests.Audio;

public sealed class ParticipantSourceMapTests
{
    [Fact]
    public void Resolve_KnownSource_GivesTheParticipantId()
    {
        var map = new ParticipantSourceMap();
        map.SetFromGraph("p-1", ["11", "12"]);

        Assert.Equal("p-1", map.Resolve(11));
        Assert.Equal("p-1", map.Resolve(12));
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void Resolve_UnknownSource_GivesAStableMsiIdWithoutAllocatingAgain()
    {
        var map = new ParticipantSourceMap();

        var first = map.Resolve(42);

        Assert.Equal("msi:42", first);
        Assert.Same(first, map.Resolve(42));
    }

    [Fact]
    public void Resolve_NoSource_IsNull() => Assert.Null(new ParticipantSourceMap().Resolve(ParticipantSourceMap.NoSource));

    [Fact]
    public void SetFromGraph_IdsThatAreNotNumbers_AreIgnored()
    {
        var map = new ParticipantSourceMap();

        map.SetFromGraph("p-1", [null, "", "abc", "-1", "7"]);

        Assert.Equal(1, map.Count);
        Assert.Equal("p-1", map.Resolve(7));
    }

    [Fact]
    public void RemoveParticipant_ForgetsAllItsSources()
    {
        var map = new ParticipantSourceMap();
        map.SetFromGraph("p-1", ["1", "2"]);
        map.SetFromGraph("p-2", ["3"]);

        map.RemoveParticipant("p-1");

        Assert.Equal("msi:1", map.Resolve(1));
        Assert.Equal("p-2", map.Resolve(3));
        Assert.True(map.TryGetSource("p-2", out var source));
        Assert.Equal(3u, source);
        Assert.False(map.TryGetSource("p-1", out _));
    }
}
