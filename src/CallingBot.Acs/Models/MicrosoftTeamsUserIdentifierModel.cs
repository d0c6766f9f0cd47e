using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>A Teams user: its Entra object id, whether it is anonymous, and its cloud (<c>public</c>, <c>dod</c>, <c>gcch</c>).</summary>
public sealed record MicrosoftTeamsUserIdentifierModel
{
    [JsonPropertyName("userId")]
    public required string UserId { get; init; }

    [JsonPropertyName("isAnonymous")]
    public bool? IsAnonymous { get; init; }

    [JsonPropertyName("cloud")]
    public string? Cloud { get; init; }
}
