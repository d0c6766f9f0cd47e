using System.Net.Http.Headers;
using Microsoft.Graph.Communications.Client.Authentication;

namespace CallingBot.Graph.Authentication;

/// <summary>
/// Puts an app-only bearer token on every request the SDK makes. Inbound notifications are authenticated by the
/// host before they reach the SDK, so the SDK's own inbound path is never used and refuses everything.
/// </summary>
internal sealed class OutboundAuthenticationProvider(IGraphTokenSource tokens) : IRequestAuthenticationProvider
{
    public async Task AuthenticateOutboundRequestAsync(HttpRequestMessage request, string tenant)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await tokens.GetTokenAsync(tenant, CancellationToken.None).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<RequestValidationResult> ValidateInboundRequestAsync(HttpRequestMessage request) =>
        Task.FromResult(new RequestValidationResult { IsValid = false });
}
