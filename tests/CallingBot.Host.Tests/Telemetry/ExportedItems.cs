using System.Collections.ObjectModel;

namespace CallingBot.Host.Tests.Telemetry;

/// <summary>A collection the in-memory exporter can add to from several threads while a test reads snapshots.</summary>
public sealed class ExportedItems<T> : Collection<T>
{
    private readonly Lock _gate = new();

    public List<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. this];
        }
    }

    protected override void InsertItem(int index, T item)
    {
        lock (_gate)
        {
            base.InsertItem(index, item);
        }
    }
}
