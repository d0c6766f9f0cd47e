namespace CallingBot.Emulator.Directory;

/// <summary>A simulated Teams user.</summary>
public sealed class EmulatedUser
{
    public string Id { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>Tenant of the user; null means the emulator's default tenant.</summary>
    public string? TenantId { get; set; }

    public CalleeBehavior Behavior { get; set; } = new();

    /// <summary>Every problem with this entry, naming the field.</summary>
    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            yield return "'id' is required.";
        }

        foreach (var problem in DirectoryLimits.Check((Id, EmulatorLimits.MaxIdLength, "id"), (DisplayName, EmulatorLimits.MaxDisplayNameLength, "displayName"), (TenantId, EmulatorLimits.MaxIdLength, "tenantId")))
        {
            yield return problem;
        }
    }
}
