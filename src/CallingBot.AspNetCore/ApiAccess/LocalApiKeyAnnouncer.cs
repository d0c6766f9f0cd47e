namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>
/// Local mode only: tells the developer at start how to call the API. A generated key is printed once to the console
/// (standard output, not the logs, so log files and pipelines never hold it); a configured key is never printed.
/// </summary>
internal sealed class LocalApiKeyAnnouncer(ApiKeyStore keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var message = keys.IsGenerated
            ? $"CallingBot local mode: the REST API needs the header {ApiAuthorization.ApiKeyHeader}: {keys.Key} (generated for this run; set {ApiSecurityOptions.SectionName}:ApiKey to choose one)."
            : $"CallingBot local mode: the REST API needs the header {ApiAuthorization.ApiKeyHeader} with the key from {ApiSecurityOptions.SectionName}:ApiKey.";
        return Console.Out.WriteLineAsync(message.AsMemory(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
