using System.Diagnostics.Metrics;

namespace CallingBot.Cluster.Tests.Infrastructure;

/// <summary>Sums the cluster's notification counter over every instance in the process, split by whether the batch was handed over.</summary>
public sealed class ClusterCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _handedOver;
    private long _local;
    private long _apiRequests;

    public ClusterCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ClusterMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "callingbot.cluster.api_requests")
            {
                Interlocked.Add(ref _apiRequests, value);
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "handed_over" && tag.Value is bool handedOver)
                {
                    Interlocked.Add(ref handedOver ? ref _handedOver : ref _local, value);
                }
            }
        });
        _listener.Start();
    }

    public long HandedOver => Interlocked.Read(ref _handedOver);

    public long Local => Interlocked.Read(ref _local);

    public long ApiRequests => Interlocked.Read(ref _apiRequests);

    public void Dispose() => _listener.Dispose();
}
