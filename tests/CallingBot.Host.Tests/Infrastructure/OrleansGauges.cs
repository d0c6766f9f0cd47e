using System.Diagnostics.Metrics;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>Reads the Orleans runtime's observable gauges (meter <c>Microsoft.Orleans</c>) of every silo in the process.</summary>
public sealed class OrleansGauges : IDisposable
{
    /// <summary>Activations the silo holds (grains of every kind).</summary>
    public const string Activations = "orleans-catalog-activations";

    /// <summary>Entries of the grain directory caches.</summary>
    public const string DirectoryCacheEntries = "orleans-directory-cache-size";

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _sums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byGrainType = new(StringComparer.Ordinal);

    public OrleansGauges()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.Orleans" && instrument.Name is Activations or DirectoryCacheEntries)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.Start();
    }

    /// <summary>The gauge's current value summed over every silo and tag set; 0 when nothing reports it.</summary>
    public long Read(string name)
    {
        lock (_gate)
        {
            _sums.Clear();
            _listener.RecordObservableInstruments();
            return _sums.GetValueOrDefault(name);
        }
    }

    /// <summary>Activations of the grain type <paramref name="grainType"/> (its Orleans name, e.g. <c>call</c>) held by every silo.</summary>
    public long ReadActivations(string grainType)
    {
        lock (_gate)
        {
            _sums.Clear();
            _byGrainType.Clear();
            _listener.RecordObservableInstruments();
            return _byGrainType.GetValueOrDefault(grainType);
        }
    }

    /// <summary>Activations by grain type, for failure messages.</summary>
    public string DescribeActivations()
    {
        lock (_gate)
        {
            _sums.Clear();
            _byGrainType.Clear();
            _listener.RecordObservableInstruments();
            return string.Join(", ", _byGrainType.Where(p => p.Value != 0).Select(p => $"{p.Key}: {p.Value}"));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(string name, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _sums[name] = _sums.GetValueOrDefault(name) + value;
        if (name == Activations)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "grain_type" && tag.Value?.ToString() is { } grainType)
                {
                    _byGrainType[grainType] = _byGrainType.GetValueOrDefault(grainType) + value;
                }
            }
        }
    }
}
