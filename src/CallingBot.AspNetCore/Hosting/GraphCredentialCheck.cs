using CallingBot.Core.Platform;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using CallingBot.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// At start, gets one Graph token for the bot's tenant so unusable credentials (wrong secret, unregistered
/// certificate, unknown app or tenant) stop the service with a message naming the setting, instead of failing the
/// first call. An unreachable token service only logs a warning: the bot starts and retries on demand. The token
/// source reports failures as <see cref="PlatformException"/>; this check never sees the token library's own errors.
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
        catch (PlatformException exception) when (exception.Kind == PlatformErrorKind.Unauthorized)
        {
            throw new OptionsValidationException(GraphCallingOptions.SectionName, typeof(GraphCallingOptions), [exception.Message]);
        }
        catch (PlatformException exception)
        {
            Log.CheckInconclusive(logger, exception.Kind.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CheckInconclusive(logger, "timed out");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.GraphCredentialsVerified, EventName = nameof(AspNetCoreEventIds.GraphCredentialsVerified), Level = LogLevel.Information, Message = "Graph credentials verified ({CredentialKind})")]
        public static partial void CredentialsVerified(ILogger logger, string credentialKind);

        [LoggerMessage(EventId = AspNetCoreEventIds.GraphCredentialsUnverified, EventName = nameof(AspNetCoreEventIds.GraphCredentialsUnverified), Level = LogLevel.Warning, Message = "Graph credentials could not be verified at start ({Reason}); the token service will be tried again on demand")]
        public static partial void CheckInconclusive(ILogger logger, string reason);
    }
}
