using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace CallingBot.Host.Logging;

/// <summary>
/// Last line of defence: string properties that look like bearer tokens, JWTs or client secrets are replaced before any
/// sink sees them. Components are expected never to log secrets in the first place.
/// </summary>
internal sealed partial class SecretMaskingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? replacements = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && Mask(text) is { } masked)
            {
                (replacements ??= []).Add(new LogEventProperty(name, new ScalarValue(masked)));
            }
        }

        foreach (var replacement in replacements ?? [])
        {
            logEvent.AddOrUpdateProperty(replacement);
        }
    }

    /// <summary>Returns the masked text, or null when nothing needed masking.</summary>
    internal static string? Mask(string text)
    {
        if (text.Length < 20)
        {
            return null;
        }

        var masked = JwtPattern().Replace(text, "[jwt redacted]");
        masked = BearerPattern().Replace(masked, "Bearer [redacted]");
        return ReferenceEquals(masked, text) || masked == text ? null : masked;
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex JwtPattern();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/-]+=*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BearerPattern();
}
