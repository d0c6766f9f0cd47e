namespace CallingBot.Emulator.Directory;

/// <summary>A simulated Teams user.</summary>
public sealed class EmulatedUser
{
    public string Id { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>Tenant of the user; null means the emulator's default tenant.</summary>
    public string? TenantId { get; set; }

    public CalleeBehavior Behavior { get; set; } = new();
}
