namespace CallingBot.Recording.Compliance;

/// <summary>Compliance recording settings (section <c>CallingBot:Recording</c>).</summary>
public sealed class ComplianceRecordingOptions
{
    public const string SectionName = "CallingBot:Recording";

    /// <summary>Directory the recordings are written to (created if missing). Default <c>recordings</c> under the working directory.</summary>
    public string Directory { get; set; } = "recordings";

    /// <summary>How many recorded participants one call instance accepts (sent as <c>participantCapacity</c> on answer). Default 4; 1 to 1000.</summary>
    public int ParticipantCapacity { get; set; } = 4;

    /// <summary>How often buffered audio is flushed and fsynced to storage; at most this much audio is lost if the process dies. Default 1 s.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What happens to the call when storage fails. Default <see cref="RecordingFailurePolicy.HangUp"/>.</summary>
    public RecordingFailurePolicy FailurePolicy { get; set; } = RecordingFailurePolicy.HangUp;

    /// <summary>New segments tried under <see cref="RecordingFailurePolicy.RetryThenHangUp"/>. Default 3; 1 to 100.</summary>
    public int MaxStorageRetries { get; set; } = 3;

    /// <summary>Also write one file per participant when the audio is unmixed. Default true.</summary>
    public bool RecordParticipantsSeparately { get; set; } = true;

    /// <summary>
    /// Most participants of one call that get a file of their own (with <see cref="RecordParticipantsSeparately"/>);
    /// the audio of any further participant is in the mixed file only, and the metadata lists them under
    /// <c>mixedOnlyParticipants</c>. Default 64; 1 to 1000.
    /// </summary>
    public int MaxParticipantTracks { get; set; } = 64;

    /// <summary>
    /// Bytes reserved in the recording's storage when it starts (a temporary file of zeros) and released to make room
    /// for the metadata when the storage is full at the end. Default 64 KiB, enough for about 150 files and their
    /// participants; 0 turns the reserve off; at most 16 MiB.
    /// </summary>
    public int MetadataReserveBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// A second directory (best on another disk) for metadata that cannot be written with its recording even after
    /// the reserve is released. Default none.
    /// </summary>
    public string? MetadataFallbackDirectory { get; set; }
}
