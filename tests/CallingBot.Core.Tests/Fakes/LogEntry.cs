using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Tests.Fakes;

public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);
