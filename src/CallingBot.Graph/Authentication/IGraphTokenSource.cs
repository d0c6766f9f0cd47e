namespace CallingBot.Graph.Authentication;

/// <summary>Gets app-only access tokens for Graph.</summary>
public interface IGraphTokenSource
{
    /// <summary>
    /// A token for <paramref name="tenantId"/> (the configured tenant when null). Throws
    /// <see cref="Core.Platform.PlatformException"/>: <see cref="Core.Platform.PlatformErrorKind.Unauthorized"/> when the token
    /// service refused the bot's credentials, <see cref="Core.Platform.PlatformErrorKind.Unavailable"/> when it could not
    /// issue a token.
    /// </summary>
    Task<string> GetTokenAsync(string? tenantId, CancellationToken cancellationToken);
}
