namespace CallingBot.Emulator.Directory;

/// <summary>An application instance (resource account) linked to an app, optionally with a phone number.</summary>
public sealed class EmulatedApplicationInstance
{
    /// <summary>Object id of the application instance.</summary>
    public string Id { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>The app the instance belongs to; its token must carry this app id.</summary>
    public string AppId { get; set; } = "";

    /// <summary>Phone number assigned to the instance (E.164), if any.</summary>
    public string? PhoneNumber { get; set; }

    public string? TenantId { get; set; }

    /// <summary>Every problem with this entry, naming the field.</summary>
    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            yield return "'id' is required.";
        }

        if (PhoneNumber is not null && !PhoneNumbers.IsE164(PhoneNumber))
        {
            yield return "'phoneNumber' is not an E.164 phone number.";
        }

        foreach (var problem in DirectoryLimits.Check(
            (Id, EmulatorLimits.MaxIdLength, "id"),
            (DisplayName, EmulatorLimits.MaxDisplayNameLength, "displayName"),
            (AppId, EmulatorLimits.MaxIdLength, "appId"),
            (PhoneNumber, EmulatorLimits.MaxIdLength, "phoneNumber"),
            (TenantId, EmulatorLimits.MaxIdLength, "tenantId")))
        {
            yield return problem;
        }
    }
}
