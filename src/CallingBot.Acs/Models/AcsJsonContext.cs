using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>Source-generated serialization of the wire models; nulls are omitted as the service does.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateCallRequest))]
[JsonSerializable(typeof(CallConnectionProperties))]
[JsonSerializable(typeof(CommunicationErrorResponse))]
internal sealed partial class AcsJsonContext : JsonSerializerContext;
