using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Graph.Communications.Common.Telemetry.Obfuscation;

namespace CallingBot.Graph.Logging;

/// <summary>
/// The SDK serializes the body of every Graph request and response it sends or receives for its HTTP log (with a new
/// <see cref="JsonSerializerOptions"/> each time, so System.Text.Json builds the models' metadata again, by reflection
/// and generated code, on every request), and only then checks the log level. Those messages are logged at
/// <see cref="TraceLevel.Info"/>; when that level is filtered out, nothing reads the text. This converter, placed
/// first in the serializer settings the SDK copies for that log, writes a placeholder instead of walking the model.
/// Only Graph models are replaced: error text and exceptions, which the SDK logs at warning and error level, are still
/// serialized as before.
/// </summary>
internal sealed class UnloggedBodies : JsonConverterFactory
{
    /// <summary>What the SDK's log would show in place of a body (it is not written anywhere at the configured level).</summary>
    public const string Placeholder = "[body not logged at this level]";

    private static readonly ConcurrentDictionary<Type, JsonConverter> Writers = new();

    // Asked for every type of every payload, with a new options instance per request: answered once per type.
    private static readonly ConcurrentDictionary<Type, bool> Models = new();

    private UnloggedBodies()
    {
    }

    /// <summary>
    /// Adds the converter to <paramref name="configuration"/> when the SDK's information-level messages are filtered out
    /// (<paramref name="level"/> below <see cref="TraceLevel.Info"/>); returns the configuration.
    /// </summary>
    public static ObfuscationConfiguration Configure(ObfuscationConfiguration configuration, TraceLevel level)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (level < TraceLevel.Info)
        {
            configuration.ObfuscationSerializerSettings.Converters.Insert(0, new UnloggedBodies());
        }

        return configuration;
    }

    /// <summary>
    /// Graph models (request bodies, response resources) and collections of them, never an exception or its parts; and
    /// <see cref="object"/>, the type the SDK serializes every payload as, so that the SDK's own converter factory is
    /// not asked for it (it builds its obfuscation tables for every converter it makes).
    /// </summary>
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(object) || IsModel(typeToConvert);

    // The SDK asks again for every options instance it makes (one per request); one converter per type serves them all.
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(object)
            ? Payloads
            : Writers.GetOrAdd(typeToConvert, static type => (JsonConverter)Activator.CreateInstance(typeof(PlaceholderConverter<>).MakeGenericType(type))!);

    private static readonly JsonConverter Payloads = new PayloadConverter();

    private static bool IsModel(Type type) => Models.GetOrAdd(type, static type =>
        !typeof(Exception).IsAssignableFrom(type)
        && (typeof(IParsable).IsAssignableFrom(type)
            || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) && typeof(IParsable).IsAssignableFrom(i.GetGenericArguments()[0]))));

    /// <summary>
    /// Reading: these settings are the SDK's for writing its log (it serializes with them and never deserializes), so a
    /// converter that only writes refuses to read rather than guess a model from a placeholder.
    /// </summary>
    private static NotSupportedException WriteOnly() => new("The SDK's log settings are only used to write.");

    /// <summary>A payload as <see cref="object"/>: the placeholder for a model, anything else serialized as its own type.</summary>
    private sealed class PayloadConverter : JsonConverter<object>
    {
        public override object Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw WriteOnly();

        public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
        {
            var type = value.GetType();
            if (IsModel(type))
            {
                writer.WriteStringValue(Placeholder);
            }
            else if (type == typeof(object))
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                JsonSerializer.Serialize(writer, value, type, options);
            }
        }
    }

    private sealed class PlaceholderConverter<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw WriteOnly();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Placeholder);
    }
}
