using CallingBot.Core.Calls;
using CallingBot.Core.Manager;

namespace CallingBot.Core.Tests.Manager;

public sealed class ParticipantRosterTests
{
    private static ParticipantInfo Participant(string id, bool muted = false) => new(id, ParticipantIdentity.User("user-" + id), muted);

    [Fact]
    public void AddSetRemove_KeepOneParticipantPerId_InTheOrderTheyJoined()
    {
        var roster = new ParticipantRoster();

        Assert.True(roster.TryAdd(Participant("a")));
        Assert.True(roster.TryAdd(Participant("b")));
        Assert.False(roster.TryAdd(Participant("a", muted: true)));
        roster.Set(Participant("a", muted: true));
        roster.Set(Participant("c"));

        Assert.Equal(["a", "b", "c"], roster.Current.Select(p => p.Id));
        Assert.True(roster.TryGet("a", out var a) && a.IsMuted);
        Assert.True(roster.TryRemove("b", out var removed));
        Assert.Equal("b", removed.Id);
        Assert.False(roster.TryRemove("b", out _));
        Assert.False(roster.TryGet("b", out _));
        Assert.Equal(["a", "c"], roster.Current.Select(p => p.Id));
    }

    [Fact]
    public void Current_ReadBeforeAChange_StaysAsItWas()
    {
        var roster = new ParticipantRoster();
        roster.TryAdd(Participant("a"));
        var before = roster.Current;

        roster.Set(Participant("a", muted: true));
        roster.TryAdd(Participant("b"));
        roster.TryRemove("a", out _);

        Assert.Equal("a", Assert.Single(before).Id);
        Assert.False(before[0].IsMuted);
    }

    [Fact]
    public async Task ConcurrentChanges_LoseNone()
    {
        const int Threads = 4;
        const int PerThread = 250;
        var roster = new ParticipantRoster();
        using var start = new Barrier(Threads);
        var writers = Enumerable.Range(0, Threads).Select(thread => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < PerThread; i++)
                {
                    roster.TryAdd(Participant($"{thread}-{i}"));
                    roster.Set(Participant($"{thread}-{i}", muted: true));
                    if (i % 2 == 1)
                    {
                        Assert.True(roster.TryRemove($"{thread}-{i}", out _));
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

        var ids = roster.Current.Select(p => p.Id).ToHashSet();
        Assert.Equal(Threads * PerThread / 2, ids.Count);
        Assert.All(roster.Current, p => Assert.True(p.IsMuted, p.Id));
        Assert.All(Enumerable.Range(0, Threads), thread => Assert.Contains($"{thread}-0", ids));
    }
}
