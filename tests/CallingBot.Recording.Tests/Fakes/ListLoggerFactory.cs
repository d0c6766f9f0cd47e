using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Tests.Fakes;

/// <summary>Loggers of every category writing to one list, so a test sees what all the components it drives logged.</summary>
public sealed class ListLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, EventId EventId, string Message)> Entries => _entries.ToArray();

    public IReadOnlyList<(string Category, LogLevel Level, EventId EventId, string Message)> WithEvent(string eventName) =>
        Entries.Where(e => e.EventId.Name == eventName).ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            entries.Enqueue((category, logLevel, eventId, formatter(state, exception)));
        }
    }
}
