using System.Diagnostics.Metrics;

namespace CallingBot.Cluster;

/// <summary>The cluster's instruments (meter <c>CallingBot.Cluster</c>).</summary>
public sealed class ClusterMetrics
{
    public const string MeterName = "CallingBot.Cluster";

    public ClusterMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Notifications = meter.CreateCounter<long>(
            "callingbot.cluster.notifications",
            unit: "{batch}",
            description: "Notification batches handled by the owner of their call; tag handed_over is true when another instance received the batch.");
        ApiRequests = meter.CreateCounter<long>(
            "callingbot.cluster.api_requests",
            unit: "{request}",
            description: "API requests about a call run by the owner of the call for another instance.");
        TakeOvers = meter.CreateCounter<long>(
            "callingbot.cluster.take_overs",
            unit: "{call}",
            description: "Calls of an instance that left (reason instance-lost) or handed them over (reason handed-over) settled by this instance; tag result: adopted, hung-up, ended, failed.");
        HandOvers = meter.CreateCounter<long>(
            "callingbot.cluster.hand_overs",
            unit: "{call}",
            description: "Calls this instance released without ending them while stopping, for another instance to take over.");
    }

    public Counter<long> Notifications { get; }

    public Counter<long> TakeOvers { get; }

    public Counter<long> HandOvers { get; }

    public Counter<long> ApiRequests { get; }
}
