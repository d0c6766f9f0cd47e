using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;

namespace CallingBot.Graph.Serialization;

/// <summary>
/// Writes a Graph model (through the <c>Serialize</c> method generated for it) as a text that is equal for two models
/// exactly when they hold the same values: the text the SDK compares to decide whether a notification changed a
/// resource (<see cref="ResourceComparisonSerializer"/>). Not JSON and never sent anywhere.
/// </summary>
/// <remarks>
/// <para>
/// Every string, key and name is written with its length in front, every other value with a type letter and a
/// terminator its text cannot hold, and objects and collections are bracketed, so the text can be read back one way
/// only: two different sets of values never give the same text. Like Kiota's JSON writer, a property without a value
/// is left out (so setting or clearing one changes the text) and additional data is written in its dictionary's order.
/// </para>
/// <para>
/// Kiota's own JSON writer does the same walk but looks up attributes by reflection for every enum value it writes and
/// goes through System.Text.Json's type metadata for every string; on the SDK's comparison of each notification's
/// resource that was most of the time the comparison took.
/// </para>
/// </remarks>
internal sealed class ComparisonTextWriter : ISerializationWriter
{
    [ThreadStatic]
    private static StringBuilder? s_cached;

    private StringBuilder? _text;

    private ComparisonTextWriter(StringBuilder text) => _text = text;

    public Action<IParsable>? OnBeforeObjectSerialization { get; set; }

    public Action<IParsable>? OnAfterObjectSerialization { get; set; }

    public Action<IParsable, ISerializationWriter>? OnStartObjectSerialization { get; set; }

    private StringBuilder Text => _text ?? throw new ObjectDisposedException(nameof(ComparisonTextWriter));

    /// <summary>The comparison text of <paramref name="model"/>.</summary>
    public static string Write(IParsable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = s_cached ?? new StringBuilder(2048);
        s_cached = null;
        using var writer = new ComparisonTextWriter(text);
        writer.WriteObjectValue(null, model);
        var result = text.ToString();
        text.Clear();
        if (text.Capacity <= 64 * 1024)
        {
            s_cached = text;
        }

        return result;
    }

    public void Dispose() => _text = null;

    /// <summary>Not a stream: the text is read with <see cref="Write(IParsable)"/>.</summary>
    public Stream GetSerializedContent() => new MemoryStream(Encoding.UTF8.GetBytes(Text.ToString()), writable: false);

    public void WriteStringValue(string? key, string? value)
    {
        if (value is not null)
        {
            Key(key);
            Counted('s', value);
        }
    }

    public void WriteBoolValue(string? key, bool? value)
    {
        if (value is { } v)
        {
            Key(key);
            Text.Append(v ? "b1" : "b0");
        }
    }

    public void WriteByteValue(string? key, byte? value) => Number(key, value);

    public void WriteSbyteValue(string? key, sbyte? value) => Number(key, value);

    public void WriteIntValue(string? key, int? value) => Number(key, value);

    public void WriteFloatValue(string? key, float? value) => Number(key, value);

    public void WriteLongValue(string? key, long? value) => Number(key, value);

    public void WriteDoubleValue(string? key, double? value) => Number(key, value);

    public void WriteDecimalValue(string? key, decimal? value) => Number(key, value);

    public void WriteGuidValue(string? key, Guid? value) => Terminated(key, 'g', value, "D");

    public void WriteDateTimeOffsetValue(string? key, DateTimeOffset? value) => Terminated(key, 't', value, "o");

    public void WriteTimeSpanValue(string? key, TimeSpan? value) => Terminated(key, 'p', value, "c");

    public void WriteDateValue(string? key, Date? value)
    {
        if (value is { } v)
        {
            Key(key);
            Text.Append('d').Append(v.ToString()).Append(';');
        }
    }

    public void WriteTimeValue(string? key, Time? value)
    {
        if (value is { } v)
        {
            Key(key);
            Text.Append('h').Append(v.ToString()).Append(';');
        }
    }

    public void WriteByteArrayValue(string? key, byte[]? value)
    {
        if (value is not null)
        {
            Key(key);
            Counted('y', Convert.ToBase64String(value));
        }
    }

    public void WriteNullValue(string? key)
    {
        Key(key);
        Text.Append('z');
    }

    public void WriteEnumValue<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(string? key, T? value)
        where T : struct, Enum
    {
        if (value is { } v)
        {
            Key(key);
            Counted('e', v.ToString());
        }
    }

    public void WriteCollectionOfPrimitiveValues<T>(string? key, IEnumerable<T>? values)
    {
        if (values is not null)
        {
            Key(key);
            Text.Append('[');
            foreach (var value in values)
            {
                Any(value);
            }

            Text.Append(']');
        }
    }

    public void WriteCollectionOfObjectValues<T>(string? key, IEnumerable<T>? values)
        where T : IParsable
    {
        if (values is not null)
        {
            Key(key);
            Text.Append('[');
            foreach (var value in values)
            {
                if (value is null)
                {
                    Text.Append('z');
                }
                else
                {
                    WriteObjectValue(null, value);
                }
            }

            Text.Append(']');
        }
    }

    public void WriteCollectionOfEnumValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(string? key, IEnumerable<T?>? values)
        where T : struct, Enum
    {
        if (values is not null)
        {
            Key(key);
            Text.Append('[');
            foreach (var value in values)
            {
                if (value is { } v)
                {
                    Counted('e', v.ToString());
                }
                else
                {
                    Text.Append('z');
                }
            }

            Text.Append(']');
        }
    }

    public void WriteObjectValue<T>(string? key, T? value, params IParsable?[] additionalValuesToMerge)
        where T : IParsable
    {
        if (value is null && additionalValuesToMerge.All(v => v is null))
        {
            return;
        }

        Key(key);
        Text.Append('{');
        if (value is not null)
        {
            OnBeforeObjectSerialization?.Invoke(value);
            OnStartObjectSerialization?.Invoke(value, this);
            value.Serialize(this);
            OnAfterObjectSerialization?.Invoke(value);
        }

        foreach (var merged in additionalValuesToMerge)
        {
            if (merged is not null)
            {
                Text.Append('+');
                merged.Serialize(this);
            }
        }

        Text.Append('}');
    }

    public void WriteAdditionalData(IDictionary<string, object> value)
    {
        if (value is null)
        {
            return;
        }

        foreach (var (key, item) in value)
        {
            Key(key);
            Any(item);
        }
    }

    private void Key(string? key)
    {
        if (!string.IsNullOrEmpty(key))
        {
            Counted('k', key);
        }
    }

    private void Counted(char type, string value) =>
        Text.Append(type).Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);

    private void Number<T>(string? key, T? value)
        where T : struct, IFormattable
    {
        if (value is { } v)
        {
            Key(key);
            Text.Append('n').Append(v.ToString(v is double or float ? "R" : null, CultureInfo.InvariantCulture)).Append(';');
        }
    }

    private void Terminated<T>(string? key, char type, T? value, string format)
        where T : struct, IFormattable
    {
        if (value is { } v)
        {
            Key(key);
            Text.Append(type).Append(v.ToString(format, CultureInfo.InvariantCulture)).Append(';');
        }
    }

    /// <summary>A value of additional data or of a collection of primitives: whatever a reader put there.</summary>
    private void Any(object? value)
    {
        switch (value)
        {
            case null:
            case UntypedNull:
                Text.Append('z');
                break;
            case string s:
                Counted('s', s);
                break;
            case bool b:
                Text.Append(b ? "b1" : "b0");
                break;
            case int or long or short or byte or sbyte or uint or ulong or ushort or decimal:
                Text.Append('n').Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)).Append(';');
                break;
            case double or float:
                Text.Append('n').Append(((IFormattable)value).ToString("R", CultureInfo.InvariantCulture)).Append(';');
                break;
            case Guid g:
                Text.Append('g').Append(g.ToString("D")).Append(';');
                break;
            case DateTimeOffset t:
                Text.Append('t').Append(t.ToString("o", CultureInfo.InvariantCulture)).Append(';');
                break;
            case DateTime t:
                Text.Append('t').Append(t.ToString("o", CultureInfo.InvariantCulture)).Append(';');
                break;
            case TimeSpan t:
                Text.Append('p').Append(t.ToString("c", CultureInfo.InvariantCulture)).Append(';');
                break;
            case Date d:
                Text.Append('d').Append(d.ToString()).Append(';');
                break;
            case Time t:
                Text.Append('h').Append(t.ToString()).Append(';');
                break;
            case byte[] bytes:
                Counted('y', Convert.ToBase64String(bytes));
                break;
            case Enum e:
                Counted('e', e.ToString());
                break;
            case UntypedString s:
                Counted('s', s.GetValue() ?? string.Empty);
                break;
            case UntypedBoolean b:
                Text.Append(b.GetValue() ? "b1" : "b0");
                break;
            case UntypedInteger n:
                Any(n.GetValue());
                break;
            case UntypedLong n:
                Any(n.GetValue());
                break;
            case UntypedFloat n:
                Any(n.GetValue());
                break;
            case UntypedDouble n:
                Any(n.GetValue());
                break;
            case UntypedDecimal n:
                Any(n.GetValue());
                break;
            case UntypedObject o:
                Text.Append('{');
                foreach (var (key, item) in o.GetValue())
                {
                    Counted('k', key);
                    Any(item);
                }

                Text.Append('}');
                break;
            case UntypedArray a:
                Text.Append('[');
                foreach (var item in a.GetValue())
                {
                    Any(item);
                }

                Text.Append(']');
                break;
            // After Kiota's untyped values, which are parsable too.
            case IParsable model:
                WriteObjectValue(null, model);
                break;
            case JsonElement element:
                Counted('j', element.GetRawText());
                break;
            case IDictionary<string, object> dictionary:
                Text.Append('{');
                WriteAdditionalData(dictionary);
                Text.Append('}');
                break;
            case IEnumerable items:
                Text.Append('[');
                foreach (var item in items)
                {
                    Any(item);
                }

                Text.Append(']');
                break;
            default:
                // Anything else (no reader of ours puts one there): as Kiota's JSON writer writes it.
                Counted('x', value.GetType().FullName + "=" + KiotaText(value));
                break;
        }
    }

    private static string KiotaText(object value)
    {
        using var writer = new JsonSerializationWriter();
        writer.WriteCollectionOfPrimitiveValues(null, new[] { value });
        using var content = writer.GetSerializedContent();
        using var reader = new StreamReader(content, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
