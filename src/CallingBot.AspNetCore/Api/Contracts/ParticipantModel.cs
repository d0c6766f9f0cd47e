namespace CallingBot.AspNetCore.Api.Contracts;

/// <summary>A participant of a call. Phone numbers are masked (<c>+1425*****23</c>).</summary>
internal sealed class ParticipantModel
{
    public string Id { get; set; } = string.Empty;

    public IdentityModel Identity { get; set; } = new();

    public bool IsMuted { get; set; }

    public bool IsInLobby { get; set; }
}
