namespace CallingBot.AspNetCore.Hosting;

public enum HostMode
{
    /// <summary>Local when no Graph credentials are configured, real otherwise.</summary>
    Auto,

    /// <summary>Run against the built-in emulator of the Graph calling service.</summary>
    Local,

    /// <summary>Run against Microsoft Graph with the configured app registration.</summary>
    Real,
}
