using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace CallingBot.Host.Logging;

/// <summary>
/// Last line of defence before any sink: properties named like secrets are replaced outright; string values (also
/// inside structures, sequences and dictionaries) that look like JWTs, bearer or API-key headers, Entra client secrets,
/// PEM blocks or phone numbers are masked. Components are expected never to log secrets in the first place.
/// </summary>
internal sealed partial class SecretMaskingEnricher : ILogEventEnricher
{
    private const string Redacted = "[redacted]";

    private static readonly string[] SecretNames = ["token", "secret", "password", "passwd", "apikey", "authorization", "assertion", "privatekey", "credential"];

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? replacements = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var masked = IsSecretName(name) ? new ScalarValue(Redacted) : MaskValue(value);
            if (!ReferenceEquals(masked, value))
            {
                (replacements ??= []).Add(new LogEventProperty(name, masked));
            }
        }

        foreach (var replacement in replacements ?? [])
        {
            logEvent.AddOrUpdateProperty(replacement);
        }
    }

    /// <summary>True for property names that hold secrets whatever their value looks like (AccessToken, ClientSecret, ApiKey…).</summary>
    internal static bool IsSecretName(string name)
    {
        var compact = name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var secret in SecretNames)
        {
            if (compact.Contains(secret, StringComparison.OrdinalIgnoreCase))
            {
                return !compact.EndsWith("Kind", StringComparison.OrdinalIgnoreCase) && !compact.EndsWith("Type", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    /// <summary>Returns the masked text, or null when nothing needed masking.</summary>
    internal static string? Mask(string text)
    {
        if (text.Length < 8)
        {
            return null;
        }

        var masked = PemPattern().Replace(text, "[pem redacted]");
        masked = JwtPattern().Replace(masked, "[jwt redacted]");
        masked = BearerPattern().Replace(masked, "$1 [redacted]");
        masked = ApiKeyHeaderPattern().Replace(masked, "$1 [redacted]");
        masked = EntraSecretPattern().Replace(masked, "[secret redacted]");
        masked = PhonePattern().Replace(masked, m => MaskPhone(m.Value));
        return masked == text ? null : masked;
    }

    private static LogEventPropertyValue MaskValue(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                return Mask(text) is { } masked ? new ScalarValue(masked) : value;
            case SequenceValue sequence:
            {
                var elements = sequence.Elements.Select(MaskValue).ToList();
                return elements.SequenceEqual(sequence.Elements) ? value : new SequenceValue(elements);
            }

            case StructureValue structure:
            {
                var properties = structure.Properties
                    .Select(p => IsSecretName(p.Name) ? new LogEventProperty(p.Name, new ScalarValue(Redacted)) : new LogEventProperty(p.Name, MaskValue(p.Value)))
                    .ToList();
                var changed = properties.Where((p, i) => !ReferenceEquals(p.Value, structure.Properties[i].Value)).Any();
                return changed ? new StructureValue(properties, structure.TypeTag) : value;
            }

            case DictionaryValue dictionary:
            {
                var changed = false;
                var elements = dictionary.Elements.Select(pair =>
                {
                    var masked = pair.Key.Value is string key && IsSecretName(key) ? new ScalarValue(Redacted) : MaskValue(pair.Value);
                    changed |= !ReferenceEquals(masked, pair.Value);
                    return new KeyValuePair<ScalarValue, LogEventPropertyValue>(pair.Key, masked);
                }).ToList();
                return changed ? new DictionaryValue(elements) : value;
            }

            default:
                return value;
        }
    }

    /// <summary>Keeps the first five and last two characters, as <c>PhoneNumber.Mask</c> does: <c>+1425*****23</c>.</summary>
    private static string MaskPhone(string value) => CallingBot.Core.Calls.PhoneNumber.Mask(value);

    [GeneratedRegex(@"-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PemPattern();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex JwtPattern();

    [GeneratedRegex(@"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BearerPattern();

    [GeneratedRegex(@"(X-Api-Key\s*[:=])\s*\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ApiKeyHeaderPattern();

    /// <summary>Entra client secret values: three characters, a digit, <c>Q~</c>, then 30-40 characters.</summary>
    [GeneratedRegex(@"[A-Za-z0-9_.\-]{3}[0-9]Q~[A-Za-z0-9_.~\-]{30,40}", RegexOptions.CultureInvariant)]
    private static partial Regex EntraSecretPattern();

    /// <summary>E.164 numbers (<c>+14255550123</c>), optionally written with spaces, dots or dashes, or after <c>tel:</c>.</summary>
    [GeneratedRegex(@"(?<![\w+])\+[1-9](?:[ .\-]?\d){6,14}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
