using System.Diagnostics.CodeAnalysis;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace CallingBot.Graph.Serialization;

/// <summary>
/// A serialization writer that writes through <paramref name="inner"/> and, when its content is read, returns a copy
/// and disposes the inner writer's own stream at once (see <see cref="ReleasingJsonSerializationWriterFactory"/>).
/// </summary>
internal sealed class ReleasingSerializationWriter(ISerializationWriter inner) : ISerializationWriter
{
    private byte[]? _content;
    private bool _disposed;

    public Action<IParsable>? OnBeforeObjectSerialization
    {
        get => inner.OnBeforeObjectSerialization;
        set => inner.OnBeforeObjectSerialization = value;
    }

    public Action<IParsable>? OnAfterObjectSerialization
    {
        get => inner.OnAfterObjectSerialization;
        set => inner.OnAfterObjectSerialization = value;
    }

    public Action<IParsable, ISerializationWriter>? OnStartObjectSerialization
    {
        get => inner.OnStartObjectSerialization;
        set => inner.OnStartObjectSerialization = value;
    }

    /// <summary>The content written so far, as a stream of its own; the inner writer's stream is disposed on the first call.</summary>
    public Stream GetSerializedContent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _content ??= Release();
        return new MemoryStream(_content, writable: false);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_content is null)
        {
            // Nothing read the content: give the inner stream back all the same.
            inner.GetSerializedContent().Dispose();
        }

        inner.Dispose();
    }

    public void WriteStringValue(string? key, string? value) => inner.WriteStringValue(key, value);

    public void WriteBoolValue(string? key, bool? value) => inner.WriteBoolValue(key, value);

    public void WriteByteValue(string? key, byte? value) => inner.WriteByteValue(key, value);

    public void WriteSbyteValue(string? key, sbyte? value) => inner.WriteSbyteValue(key, value);

    public void WriteIntValue(string? key, int? value) => inner.WriteIntValue(key, value);

    public void WriteFloatValue(string? key, float? value) => inner.WriteFloatValue(key, value);

    public void WriteLongValue(string? key, long? value) => inner.WriteLongValue(key, value);

    public void WriteDoubleValue(string? key, double? value) => inner.WriteDoubleValue(key, value);

    public void WriteDecimalValue(string? key, decimal? value) => inner.WriteDecimalValue(key, value);

    public void WriteGuidValue(string? key, Guid? value) => inner.WriteGuidValue(key, value);

    public void WriteDateTimeOffsetValue(string? key, DateTimeOffset? value) => inner.WriteDateTimeOffsetValue(key, value);

    public void WriteTimeSpanValue(string? key, TimeSpan? value) => inner.WriteTimeSpanValue(key, value);

    public void WriteDateValue(string? key, Date? value) => inner.WriteDateValue(key, value);

    public void WriteTimeValue(string? key, Time? value) => inner.WriteTimeValue(key, value);

    public void WriteCollectionOfPrimitiveValues<T>(string? key, IEnumerable<T>? values) => inner.WriteCollectionOfPrimitiveValues(key, values);

    public void WriteCollectionOfObjectValues<T>(string? key, IEnumerable<T>? values)
        where T : IParsable => inner.WriteCollectionOfObjectValues(key, values);

    public void WriteCollectionOfEnumValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(string? key, IEnumerable<T?>? values)
        where T : struct, Enum => inner.WriteCollectionOfEnumValues(key, values);

    public void WriteByteArrayValue(string? key, byte[]? value) => inner.WriteByteArrayValue(key, value);

    public void WriteObjectValue<T>(string? key, T? value, params IParsable?[] additionalValuesToMerge)
        where T : IParsable => inner.WriteObjectValue(key, value, additionalValuesToMerge);

    public void WriteEnumValue<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(string? key, T? value)
        where T : struct, Enum => inner.WriteEnumValue(key, value);

    public void WriteNullValue(string? key) => inner.WriteNullValue(key);

    public void WriteAdditionalData(IDictionary<string, object> value) => inner.WriteAdditionalData(value);

    private byte[] Release()
    {
        using var pooled = inner.GetSerializedContent();
        var content = new byte[pooled.Length - pooled.Position];
        pooled.ReadExactly(content);
        return content;
    }
}
