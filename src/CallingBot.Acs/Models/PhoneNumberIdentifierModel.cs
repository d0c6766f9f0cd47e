using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>A phone number in E.164 form: <c>{"value":"+14250123456"}</c>.</summary>
public sealed record PhoneNumberIdentifierModel([property: JsonPropertyName("value")] string Value);
