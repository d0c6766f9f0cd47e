using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Tests.Fakes;

/// <summary>Keeps every log entry so tests can assert what was logged, at which level and with which event.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, EventId EventId, string Message)> Entries => _entries.ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue((logLevel, eventId, formatter(state, exception)));
    }
}
