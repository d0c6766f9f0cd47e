using System.Collections.Concurrent;

namespace IvrBot;

/// <summary>Keeps messages in memory; enough for a demo and for tests.</summary>
public sealed class InMemoryVoicemailBox : IVoicemailBox
{
    private readonly ConcurrentQueue<VoicemailMessage> _messages = new();

    public IReadOnlyList<VoicemailMessage> Messages => [.. _messages];

    public Task SaveAsync(VoicemailMessage message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
