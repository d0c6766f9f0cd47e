using System.Diagnostics;
using CallingBot.Graph.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Communications.Common.Telemetry;
using Microsoft.Graph.Models;

namespace CallingBot.Graph.Tests.Logging;

/// <summary>
/// What the SDK writes for a request or response body in its HTTP log (through its own
/// <c>LoggingExtensions.SerializeAndObfuscate</c>) with the bridge's logger: a
/// placeholder when nothing would read it, the body when the SDK's information-level messages are logged, and error
/// text and exceptions always.
/// </summary>
public sealed class UnloggedBodiesTests
{
    private static readonly Call Body = new()
    {
        Id = "5e1f0000-1111-4222-8333-944444444444",
        CallbackUri = "https://bot.example/api/calling",
        State = CallState.Established,
        Source = new ParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "user-1", DisplayName = "Alice" } } },
    };

    [Fact]
    public void A_body_is_a_placeholder_at_the_default_level()
    {
        using var bridge = new GraphLoggerBridge(new LevelLogger(LogLevel.Information));

        Assert.Equal(TraceLevel.Warning, bridge.Logger.DiagnosticLevel);
        Assert.Equal($"\"{UnloggedBodies.Placeholder}\"", bridge.Logger.SerializeAndObfuscate(Body, indented: true));
        Assert.Equal($"\"{UnloggedBodies.Placeholder}\"", bridge.Logger.SerializeAndObfuscate(new List<Call> { Body }, indented: false));
    }

    [Fact]
    public void A_body_is_written_in_full_when_the_sdk_information_is_logged()
    {
        using var bridge = new GraphLoggerBridge(new LevelLogger(LogLevel.Debug));

        var text = bridge.Logger.SerializeAndObfuscate(Body, indented: true);

        Assert.Equal(TraceLevel.Info, bridge.Logger.DiagnosticLevel);
        Assert.DoesNotContain(UnloggedBodies.Placeholder, text, StringComparison.Ordinal);
        Assert.Contains("callbackUri", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("user-1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_text_and_exceptions_are_still_written()
    {
        using var bridge = new GraphLoggerBridge(new LevelLogger(LogLevel.Information));

        Assert.Equal("\"{\\\"error\\\":\\\"gone\\\"}\"", bridge.Logger.SerializeAndObfuscate("{\"error\":\"gone\"}", indented: false));
        var exception = bridge.Logger.SerializeAndObfuscate(new InvalidOperationException("the answer was refused"), indented: false);
        Assert.DoesNotContain(UnloggedBodies.Placeholder, exception, StringComparison.Ordinal);
        Assert.Contains("the answer was refused", exception, StringComparison.Ordinal);
    }

    private sealed class LevelLogger(LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
