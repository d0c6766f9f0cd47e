using System.Net;
using System.Text;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CallingBot.Graph.Resilience;

/// <summary>
/// Outermost handler of the Graph client: turns the pipeline's own refusals (the time budget ran out, the circuit is
/// open) into a Graph error response (504, 503). The SDK re-sends a request that threw up to three more times, which
/// would multiply the budget; an error response it reports at once, and the adapter classifies it as Unavailable.
/// </summary>
internal sealed class ResilienceRejectionHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return Refusal(request, HttpStatusCode.GatewayTimeout, "RetryBudgetExhausted", "The request and its retries did not succeed within the time budget (CallingBot:Graph:Resilience).");
        }
        catch (BrokenCircuitException)
        {
            return Refusal(request, HttpStatusCode.ServiceUnavailable, "CircuitOpen", "Requests to the calling service are paused after repeated failures (circuit breaker open).");
        }
    }

    private static HttpResponseMessage Refusal(HttpRequestMessage request, HttpStatusCode status, string code, string message) => new(status)
    {
        RequestMessage = request,
        Content = new StringContent(new System.Text.Json.Nodes.JsonObject { ["error"] = new System.Text.Json.Nodes.JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString(), Encoding.UTF8, "application/json"),
    };
}
