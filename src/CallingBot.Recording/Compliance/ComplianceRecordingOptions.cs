using CallingBot.Recording.Storage;
using CallingBot.Recording.Upload;

namespace CallingBot.Recording.Compliance;

/// <summary>Compliance recording settings (section <c>CallingBot:Recording</c>).</summary>
public sealed class ComplianceRecordingOptions
{
    public const string SectionName = "CallingBot:Recording";

    /// <summary>
    /// Makes the hosted service (CallingBot.AspNetCore) answer policy-based recording invitations with the compliance
    /// recorder, app-hosted, with <see cref="ParticipantCapacity"/>. Default false. A bot that registers recording itself
    /// (<c>AddComplianceRecording</c> and a router of its own) does not need it.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The recording policies served, matched (case-insensitively) against the invitation's <c>policyIdentifier</c>
    /// (Teams sends <c>Tag:{policy name}</c>); invitations of any other policy are rejected (Forbidden). Empty, the
    /// default: every policy.
    /// </summary>
    public List<string> PolicyIdentifiers { get; set; } = [];

    /// <summary>
    /// The application instances (resource accounts, by object id) served: an invitation whose target is another
    /// instance, or no instance at all, is rejected (Forbidden). Empty, the default: every instance.
    /// </summary>
    public List<string> ApplicationInstanceIds { get; set; } = [];

    /// <summary>What happens to calls that are not recording invitations. Default <see cref="OrdinaryCallHandling.Router"/>.</summary>
    public OrdinaryCallHandling OrdinaryCalls { get; set; } = OrdinaryCallHandling.Router;

    /// <summary>Where committed recordings end up: <see cref="RecordingStorageKind.Local"/> (the default) or <see cref="RecordingStorageKind.AzureBlob"/>.</summary>
    public RecordingStorageKind Storage { get; set; } = RecordingStorageKind.Local;

    /// <summary>The container recordings are uploaded to, with <see cref="RecordingStorageKind.AzureBlob"/>.</summary>
    public AzureBlobRecordingOptions AzureBlob { get; set; } = new();

    /// <summary>How long local copies stay after their upload was verified.</summary>
    public RecordingRetentionOptions Retention { get; set; } = new();

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
