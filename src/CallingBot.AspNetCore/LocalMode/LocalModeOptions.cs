namespace CallingBot.AspNetCore.LocalMode;

/// <summary>Settings of local mode (configuration section <c>CallingBot:Local</c>).</summary>
public sealed class LocalModeOptions
{
    public const string SectionName = "CallingBot:Local";

    /// <summary>Application id the bot uses against the emulator.</summary>
    public string AppId { get; set; } = "b07c0de5-0a11-4b07-9c11-10ca1b0b0001";

    /// <summary>Tenant of the emulated organisation.</summary>
    public string TenantId { get; set; } = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

    /// <summary>Emulator HTTPS port; 0 picks a free one. Default 7443.</summary>
    public int EmulatorHttpsPort { get; set; } = 7443;

    /// <summary>Emulator plain-HTTP port for its control API; 0 picks a free one. Default 7080.</summary>
    public int EmulatorHttpPort { get; set; } = 7080;

    /// <summary>Where the emulator keeps its certificate and keys. Default <c>.emulator</c> under the content root; empty for in-memory.</summary>
    public string? EmulatorDataDirectory { get; set; } = ".emulator";

    /// <summary>
    /// Ended calls the emulator keeps for inspection (state, timeline, media) before it forgets the oldest; the
    /// emulator's <c>MaxEndedCalls</c>. 0 to 100,000; default 100.
    /// </summary>
    public int EmulatorMaxEndedCalls { get; set; } = 100;
}
