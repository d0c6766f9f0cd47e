using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Serilog.Events;
using Serilog.Parsing;

namespace CallingBot.AspNetCore.Logging;

/// <summary>
/// Makes log event content safe to write: values of properties named like secrets are replaced outright; text that
/// looks like a JWT, a bearer or API-key header, an Entra client secret, a PEM block or a phone number is masked; and
/// control characters (C0, DEL, C1, U+2028/U+2029 and the bidirectional overrides) are written as visible escapes
/// (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\u001b</c>), so text from the wire can never start a forged log line. Applies
/// to every string in a property (also inside structures, sequences and dictionaries), to the message template and
/// to exceptions. <see cref="RedactingSink"/> runs it on every event before any sink.
/// </summary>
internal static partial class LogRedactor
{
    private const string Redacted = "[redacted]";

    private static readonly string[] SecretNames = ["token", "secret", "password", "passwd", "apikey", "authorization", "assertion", "privatekey", "credential"];

    private static readonly SearchValues<char> Unsafe = SearchValues.Create(UnsafeCharacters());

    private static readonly ConditionalWeakTable<MessageTemplate, MessageTemplate> CleanTemplates = new();

    private static readonly MessageTemplateParser TemplateParser = new();

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

    /// <summary>Writes every control character of <paramref name="text"/> as a visible escape; the same instance when there is none.</summary>
    internal static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            AppendEscaped(builder, text[i]);
        }

        return builder.ToString();
    }

    /// <summary>Masks secrets, then escapes control characters; the same instance when nothing changed.</summary>
    internal static string Clean(string text)
    {
        var masked = Mask(text) ?? text;
        return Escape(masked);
    }

    /// <summary>The cleaned value, or the same instance when nothing needed cleaning.</summary>
    internal static LogEventPropertyValue Clean(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: null }:
                return value;
            case ScalarValue { Value: string text }:
            {
                var cleaned = Clean(text);
                return ReferenceEquals(cleaned, text) ? value : new ScalarValue(cleaned);
            }

            case ScalarValue { Value: var scalar } when IsPlain(scalar):
                return value;
            case ScalarValue { Value: var scalar }:
            {
                // Uri, char, or any type Serilog keeps as a scalar: what a sink writes is its text.
                var text = Convert.ToString(scalar, CultureInfo.InvariantCulture) ?? string.Empty;
                var cleaned = Clean(text);
                return ReferenceEquals(cleaned, text) ? value : new ScalarValue(cleaned);
            }

            case SequenceValue sequence:
            {
                List<LogEventPropertyValue>? elements = null;
                for (var i = 0; i < sequence.Elements.Count; i++)
                {
                    var cleaned = Clean(sequence.Elements[i]);
                    if (elements is null && !ReferenceEquals(cleaned, sequence.Elements[i]))
                    {
                        elements = [.. sequence.Elements.Take(i)];
                    }

                    elements?.Add(cleaned);
                }

                return elements is null ? value : new SequenceValue(elements);
            }

            case StructureValue structure:
            {
                List<LogEventProperty>? properties = null;
                for (var i = 0; i < structure.Properties.Count; i++)
                {
                    var property = structure.Properties[i];
                    var cleaned = Clean(property);
                    if (properties is null && !ReferenceEquals(cleaned, property))
                    {
                        properties = [.. structure.Properties.Take(i)];
                    }

                    properties?.Add(cleaned);
                }

                return properties is null ? value : new StructureValue(properties, structure.TypeTag);
            }

            case DictionaryValue dictionary:
            {
                var changed = false;
                var elements = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>(dictionary.Elements.Count);
                foreach (var (key, element) in dictionary.Elements)
                {
                    var cleanedKey = (ScalarValue)Clean(key);
                    var cleaned = key.Value is string name && IsSecretName(name) ? new ScalarValue(Redacted) : Clean(element);
                    changed |= !ReferenceEquals(cleanedKey, key) || !ReferenceEquals(cleaned, element);
                    elements.Add(new KeyValuePair<ScalarValue, LogEventPropertyValue>(cleanedKey, cleaned));
                }

                return changed ? new DictionaryValue(elements) : value;
            }

            default:
                return value;
        }
    }

    /// <summary>The property with a clean name and value (a secret's value replaced), or the same instance.</summary>
    internal static LogEventProperty Clean(LogEventProperty property)
    {
        var (name, value) = Clean(property.Name, property.Value);
        return ReferenceEquals(name, property.Name) && ReferenceEquals(value, property.Value) ? property : new LogEventProperty(name, value);
    }

    /// <summary>A clean name and value (a secret's value replaced); the same instances when nothing needed cleaning.</summary>
    internal static (string Name, LogEventPropertyValue Value) Clean(string name, LogEventPropertyValue value) =>
        (Escape(name), IsSecretName(name) ? new ScalarValue(Redacted) : Clean(value));

    /// <summary>
    /// The template with its text cleaned (templates normally come from code; an interpolated one may carry input),
    /// or the same instance. Results are cached per template instance, which Serilog reuses.
    /// </summary>
    internal static MessageTemplate Clean(MessageTemplate template) =>
        CleanTemplates.GetValue(template, static t => Clean(t.Text) is var text && ReferenceEquals(text, t.Text) ? t : TemplateParser.Parse(text));

    /// <summary>
    /// The exception as it may be logged, or the same instance when it is already safe: every exception's message in
    /// the chain is masked and has its control characters escaped, secrets are masked throughout, and the lines .NET puts between
    /// message and stack frames are kept but can never begin like a log event (a line that starts with neither
    /// white space nor <c>-</c> is indented).
    /// </summary>
    internal static Exception Clean(Exception exception)
    {
        var original = exception.ToString();
        var text = original;
        foreach (var message in Messages(exception).Distinct(StringComparer.Ordinal).OrderByDescending(m => m.Length))
        {
            var cleaned = Clean(message);
            if (!ReferenceEquals(cleaned, message))
            {
                text = text.Replace(message, cleaned, StringComparison.Ordinal);
            }
        }

        text = CleanLines(Mask(text) ?? text);
        return text == original ? exception : new RedactedException(exception, text, Clean(exception.Message), exception.StackTrace is { } stack ? CleanLines(Mask(stack) ?? stack) : null);
    }

    /// <summary>Keeps line breaks, escapes every other control character, and indents lines that could pass for a new event.</summary>
    private static string CleanLines(string text)
    {
        var lines = text.Split('\n');
        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i < lines.Length - 1 && line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            if (i > 0)
            {
                builder.Append(Environment.NewLine);
                if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != '-')
                {
                    builder.Append("   ");
                }
            }

            builder.Append(Escape(line));
        }

        return builder.ToString();
    }

    private static IEnumerable<string> Messages(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 64)
        {
            var current = pending.Pop();
            yield return current.Message;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    private static bool IsPlain(object value) =>
        value is bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal
            or DateTime or DateTimeOffset or TimeSpan or Guid or DateOnly or TimeOnly or Enum;

    private static void AppendEscaped(StringBuilder builder, char c)
    {
        if (!Unsafe.Contains(c))
        {
            builder.Append(c);
            return;
        }

        switch (c)
        {
            case '\r':
                builder.Append("\\r");
                break;
            case '\n':
                builder.Append("\\n");
                break;
            case '\t':
                builder.Append("\\t");
                break;
            default:
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string UnsafeCharacters()
    {
        var builder = new StringBuilder();
        for (var c = '\u0000'; c < ' '; c++)
        {
            builder.Append(c);
        }

        for (var c = '\u007f'; c <= '\u009f'; c++)
        {
            builder.Append(c);
        }

        // Line and paragraph separators, then the bidirectional embeddings, overrides and isolates that can make a
        // line read differently from what it holds.
        builder.Append("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069");
        return builder.ToString();
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
