namespace CallingBot.Recording.Storage;

/// <summary>Where committed recordings end up (<c>CallingBot:Recording:Storage</c>).</summary>
public enum RecordingStorageKind
{
    /// <summary>In <see cref="Compliance.ComplianceRecordingOptions.Directory"/> only. The default.</summary>
    Local,

    /// <summary>
    /// Written to <see cref="Compliance.ComplianceRecordingOptions.Directory"/> first (crash-safe), then uploaded to an
    /// Azure Blob Storage container and verified there (<see cref="Upload.AzureBlobRecordingOptions"/>).
    /// </summary>
    AzureBlob,
}
