using CallingBot.Core.Platform;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using CallingBot.AspNetCore.Health;
using CallingBot.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Host.Tests.Health;

public sealed class GraphCredentialsHealthCheckTests
{
    private readonly FakeTimeProvider _time = new(TestTime.Start);

    [Fact]
    public async Task Check_TokenIssued_IsHealthyNamingTheCredential()
    {
        using var check = Create(_ => Task.FromResult("token"), out _);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("A Graph token was obtained (client secret).", result.Description);
        Assert.Equal("client secret", result.Data["credential"]);
    }

    [Fact]
    public async Task Check_CredentialsRefused_IsUnhealthyWithTheRefusalNamingTheSetting()
    {
        const string refusal = "CallingBot:Graph:ClientSecret was refused by the token service for app x (invalid_client).";
        using var check = Create(_ => throw new PlatformException(PlatformErrorKind.Unauthorized, refusal), out _);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.EndsWith(refusal, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_TokenServiceUnavailable_IsDegraded()
    {
        using var check = Create(_ => throw new PlatformException(PlatformErrorKind.Unavailable, "The token service could not be reached."), out _);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("(Unavailable)", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_TokenServiceSilent_IsDegradedAfterTheCheckTimeout()
    {
        using var check = Create(ct => Task.Delay(Timeout.Infinite, ct).ContinueWith<string>(_ => throw new OperationCanceledException(ct), TaskScheduler.Default), out _);

        var pending = check.CheckHealthAsync(new HealthCheckContext());
        Assert.False(pending.IsCompleted, "the check waits for the token service");
        _time.Advance(GraphCredentialsHealthCheck.CheckTimeout);
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("The token service did not answer within 5 s.", result.Description);
    }

    [Fact]
    public async Task Check_ProbedRepeatedly_AsksTheTokenServiceOncePerResultLifetime()
    {
        using var check = Create(_ => Task.FromResult("token"), out var calls);

        for (var i = 0; i < 5; i++)
        {
            await check.CheckHealthAsync(new HealthCheckContext());
        }

        Assert.Equal(1, calls());
        _time.Advance(GraphCredentialsHealthCheck.ResultLifetime);
        await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(2, calls());
    }

    private GraphCredentialsHealthCheck Create(Func<CancellationToken, Task<string>> token, out Func<int> calls)
    {
        var source = new CountingTokenSource(token);
        calls = () => source.Calls;
        var options = Options.Create(new GraphCallingOptions { AppId = "app", TenantId = "tenant", ClientSecret = "s" });
        return new GraphCredentialsHealthCheck(source, options, _time);
    }

    private sealed class CountingTokenSource(Func<CancellationToken, Task<string>> token) : IGraphTokenSource
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<string> GetTokenAsync(string? tenantId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return token(cancellationToken);
        }
    }
}
