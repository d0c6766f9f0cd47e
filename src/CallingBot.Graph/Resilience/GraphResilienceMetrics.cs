using System.Diagnostics.Metrics;

namespace CallingBot.Graph.Resilience;

/// <summary>Instruments of the Graph request pipeline, published on the meter <c>CallingBot.Graph</c>.</summary>
internal sealed class GraphResilienceMetrics : IDisposable
{
    public const string MeterName = "CallingBot.Graph";

    private readonly Meter _meter;
    private int _breakerState;

    public GraphResilienceMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Retries = _meter.CreateCounter<long>("callingbot.graph.retries", description: "Requests to the calls API sent again, tagged by operation and the status (or 'error') that caused it.");
        BreakerTransitions = _meter.CreateCounter<long>("callingbot.graph.circuit_breaker.transitions", description: "Circuit breaker changes, tagged by the new state: open, half-open, closed.");
        _meter.CreateObservableGauge("callingbot.graph.circuit_breaker.state", () => Volatile.Read(ref _breakerState), description: "Circuit breaker state of requests to the calls API: 0 closed, 1 open, 2 half-open.");
    }

    public Counter<long> Retries { get; }

    public Counter<long> BreakerTransitions { get; }

    /// <summary>0 closed, 1 open, 2 half-open.</summary>
    public int BreakerState => Volatile.Read(ref _breakerState);

    public void OnBreaker(int state, string name)
    {
        Volatile.Write(ref _breakerState, state);
        BreakerTransitions.Add(1, new KeyValuePair<string, object?>("state", name));
    }

    public void Dispose() => _meter.Dispose();
}
