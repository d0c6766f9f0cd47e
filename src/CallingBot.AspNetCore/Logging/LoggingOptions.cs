namespace CallingBot.AspNetCore.Logging;

/// <summary>Log output settings (configuration section <c>CallingBot:Logging</c>). A full <c>Serilog</c> section overrides them.</summary>
internal sealed class LoggingOptions
{
    public const string SectionName = "CallingBot:Logging";

    /// <summary><c>Text</c> (default, for people) or <c>Json</c> (one JSON object per line, for log pipelines).</summary>
    public LogFormat Format { get; set; } = LogFormat.Text;

    /// <summary>Optional rolling log file, for example <c>logs/callingbot-.log</c>.</summary>
    public string? FilePath { get; set; }

    /// <summary>Least level written. Default Information.</summary>
    public Serilog.Events.LogEventLevel MinimumLevel { get; set; } = Serilog.Events.LogEventLevel.Information;
}

internal enum LogFormat
{
    Text,
    Json,
}
