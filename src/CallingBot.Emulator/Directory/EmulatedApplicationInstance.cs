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
}
