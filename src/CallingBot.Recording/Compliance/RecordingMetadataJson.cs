using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallingBot.Recording.Compliance;

/// <summary>Source-generated JSON for <see cref="RecordingMetadata"/> (camelCase, indented).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RecordingMetadata))]
public sealed partial class RecordingMetadataJson : JsonSerializerContext;
