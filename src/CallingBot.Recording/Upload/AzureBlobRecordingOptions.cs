namespace CallingBot.Recording.Upload;

/// <summary>
/// The Azure Blob Storage container recordings are uploaded to (section <c>CallingBot:Recording:AzureBlob</c>, used
/// when <c>CallingBot:Recording:Storage</c> is <c>AzureBlob</c>). Give either <see cref="ConnectionString"/> or
/// <see cref="AccountUrl"/> (signed in with the managed identity or another Azure credential).
/// </summary>
public sealed class AzureBlobRecordingOptions
{
    /// <summary>A storage account connection string (account key or SAS). A secret: keep it out of appsettings files; never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The account's blob endpoint, for example <c>https://contoso.blob.core.windows.net</c>; signed in with <c>DefaultAzureCredential</c> (managed identity on Azure).</summary>
    public Uri? AccountUrl { get; set; }

    /// <summary>Client id of the user-assigned managed identity to sign in with (with <see cref="AccountUrl"/>); none for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The container (created if missing). Default <c>recordings</c>; 3 to 63 lower-case letters, digits and single hyphens.</summary>
    public string Container { get; set; } = "recordings";

    /// <summary>Prefix of every blob name, for example <c>teams/</c>. Default none: blobs are named <c>{call}/{file}</c>.</summary>
    public string BlobPrefix { get; set; } = string.Empty;

    /// <summary>Wait before the first retry of a failed upload; doubled per failure up to <see cref="MaxRetryDelay"/>. Default 5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between two attempts of one recording. Default 5 min.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the directory is scanned for committed recordings besides those this process commits (another instance's, or ones finalized at start). Default 1 min.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(1);
}
