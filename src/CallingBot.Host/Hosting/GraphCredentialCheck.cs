using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CallingBot.Host.Hosting;

/// <summary>
/// At start, gets one Graph token for the bot's tenant so unusable credentials (wrong secret, unregistered
/// certificate, unknown app or tenant) stop the service with a message naming the setting, instead of failing the
/// first call. An unreachable token service only logs a warning: the bot starts and retries on demand.
/// </summary>
internal sealed partial class GraphCredentialCheck(
    IGraphTokenSource tokens,
    IOptions<GraphCallingOptions> options,
    ILogger<GraphCredentialCheck> logger) : IHostedService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var graph = options.Value;
        if (!graph.VerifyCredentialsAtStart)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await tokens.GetTokenAsync(graph.TenantId, timeout.Token).ConfigureAwait(false);
            Log.CredentialsVerified(logger, graph.CredentialKind);
        }
        catch (MsalServiceException exception) when (exception.StatusCode is 400 or 401)
        {
            throw new OptionsValidationException(
                GraphCallingOptions.SectionName,
                typeof(GraphCallingOptions),
                [GraphCredentialErrors.Describe(graph, exception.ErrorCode)]);
        }
        catch (Exception exception) when (exception is MsalException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.CheckInconclusive(logger, exception.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(3400, Microsoft.Extensions.Logging.LogLevel.Information, "Graph credentials verified ({CredentialKind})", EventName = "GraphCredentialsVerified")]
        public static partial void CredentialsVerified(ILogger logger, string credentialKind);

        [LoggerMessage(3401, Microsoft.Extensions.Logging.LogLevel.Warning, "Graph credentials could not be verified at start ({ExceptionType}); the token service will be tried again on demand", EventName = "GraphCredentialsUnverified")]
        public static partial void CheckInconclusive(ILogger logger, string exceptionType);
    }
}
