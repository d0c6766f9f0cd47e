using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>The body of every non-2xx response: <c>{"error":{"code","message",...}}</c>.</summary>
public sealed record CommunicationErrorResponse([property: JsonPropertyName("error")] CommunicationError? Error);
