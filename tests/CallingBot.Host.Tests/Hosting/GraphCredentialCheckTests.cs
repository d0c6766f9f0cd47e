using System.Collections.Concurrent;
using CallingBot.Core.Platform;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Tests.Hosting;

/// <summary>The start-up credential check sees only the platform error the token source reports.</summary>
public sealed class GraphCredentialCheckTests
{
    private const string Refusal = "CallingBot:Graph:ClientSecret was refused by the token service for app x (invalid_client): the secret is wrong or expired, or the certificate is not registered on the app.";

    [Fact]
    public async Task StartAsync_TokenIssued_LogsVerified()
    {
        var (check, logger, tokens) = Create(_ => Task.FromResult("token"));

        await check.StartAsync(CancellationToken.None);

        Assert.Equal(1, tokens.Calls);
        Assert.Equal(["GraphCredentialsVerified"], logger.Events);
    }

    [Fact]
    public async Task StartAsync_CredentialsRefused_StopsTheStartWithTheMessageNamingTheSetting()
    {
        var (check, _, _) = Create(_ => throw new PlatformException(PlatformErrorKind.Unauthorized, Refusal));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => check.StartAsync(CancellationToken.None));

        Assert.Equal(GraphCallingOptions.SectionName, failure.OptionsName);
        Assert.Equal([Refusal], failure.Failures);
    }

    [Theory]
    [InlineData(PlatformErrorKind.Unavailable)]
    [InlineData(PlatformErrorKind.Throttled)]
    [InlineData(PlatformErrorKind.Other)]
    public async Task StartAsync_TokenServiceNotAnswering_StartsAndWarnsWithTheKind(PlatformErrorKind kind)
    {
        var (check, logger, _) = Create(_ => throw new PlatformException(kind, "The token service could not be reached."));

        await check.StartAsync(CancellationToken.None);

        Assert.Equal(["GraphCredentialsUnverified"], logger.Events);
        Assert.Equal([$"Graph credentials could not be verified at start ({kind}); the token service will be tried again on demand"], logger.Messages);
    }

    [Fact]
    public async Task StartAsync_HostStopping_PassesTheCancellationOn()
    {
        var (check, _, _) = Create(ct => Task.FromCanceled<string>(ct));
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check.StartAsync(stopping.Token));
    }

    [Fact]
    public async Task StartAsync_CheckTurnedOff_AsksForNoToken()
    {
        var (check, logger, tokens) = Create(_ => Task.FromResult("token"), verify: false);

        await check.StartAsync(CancellationToken.None);

        Assert.Equal(0, tokens.Calls);
        Assert.Empty(logger.Events);
    }

    private static (GraphCredentialCheck Check, RecordingLogger Logger, FakeTokens Tokens) Create(Func<CancellationToken, Task<string>> token, bool verify = true)
    {
        var logger = new RecordingLogger();
        var tokens = new FakeTokens(token);
        var options = Options.Create(new GraphCallingOptions
        {
            AppId = "2a3b4c5d-0000-4000-8000-000000000001",
            TenantId = "2a3b4c5d-0000-4000-8000-000000000002",
            ClientSecret = "a-secret-value",
            VerifyCredentialsAtStart = verify,
        });
        return (new GraphCredentialCheck(tokens, options, logger), logger, tokens);
    }

    private sealed class FakeTokens(Func<CancellationToken, Task<string>> token) : IGraphTokenSource
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<string> GetTokenAsync(string? tenantId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return token(cancellationToken);
        }
    }

    private sealed class RecordingLogger : ILogger<GraphCredentialCheck>
    {
        private readonly ConcurrentQueue<(string Event, string Message)> _entries = new();

        public string[] Events => [.. _entries.Select(e => e.Event)];

        public string[] Messages => [.. _entries.Select(e => e.Message)];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((eventId.Name ?? string.Empty, formatter(state, exception)));
    }
}
