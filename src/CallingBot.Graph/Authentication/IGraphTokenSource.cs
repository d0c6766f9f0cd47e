namespace CallingBot.Graph.Authentication;

/// <summary>Gets app-only access tokens for Graph.</summary>
public interface IGraphTokenSource
{
    Task<string> GetTokenAsync(string? tenantId, CancellationToken cancellationToken);
}
