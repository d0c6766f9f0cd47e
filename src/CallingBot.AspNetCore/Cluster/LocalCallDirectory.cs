using CallingBot.Cluster.Instances;
using CallingBot.Core.Manager;
using CallingBot.AspNetCore.Api.Contracts;

namespace CallingBot.AspNetCore.Cluster;

/// <summary>This instance's calls for the cluster-wide list, described as the API describes them.</summary>
internal sealed class LocalCallDirectory(ICallManager manager) : ILocalCallDirectory
{
    public IReadOnlyList<ClusterCallSummary> ListCalls() =>
    [
        .. manager.ListCalls().Select(ApiModelMapper.ToSummary).Select(s =>
            new ClusterCallSummary(s.Id, s.Direction, s.State, s.TenantId, s.Media, s.CreatedAt, s.Handler, s.ParticipantCount)),
    ];
}
