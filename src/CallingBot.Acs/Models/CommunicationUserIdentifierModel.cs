using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>An ACS user: <c>{"id":"8:acs:..."}</c>.</summary>
public sealed record CommunicationUserIdentifierModel([property: JsonPropertyName("id")] string Id);
