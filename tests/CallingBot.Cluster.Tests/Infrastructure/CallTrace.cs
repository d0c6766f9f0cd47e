namespace CallingBot.Cluster.Tests.Infrastructure;

/// <summary>What a call's handler saw, in order, and where.</summary>
public sealed class CallTrace
{
    private readonly Lock _gate = new();
    private readonly List<(string Instance, string Event)> _events = [];

    public void Add(string instance, string name)
    {
        lock (_gate)
        {
            _events.Add((instance, name));
        }
    }

    public IReadOnlyList<(string Instance, string Event)> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }
}
