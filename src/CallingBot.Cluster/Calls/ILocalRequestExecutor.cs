namespace CallingBot.Cluster.Calls;

/// <summary>
/// Runs a <see cref="ForwardedRequest"/> through this instance's own request pipeline, implemented by the host. The
/// request is marked so that it is answered here and never handed on again.
/// </summary>
public interface ILocalRequestExecutor
{
    Task<ForwardedResponse> ExecuteAsync(ForwardedRequest request, CancellationToken cancellationToken);
}
