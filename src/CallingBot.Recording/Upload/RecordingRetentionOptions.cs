namespace CallingBot.Recording.Upload;

/// <summary>
/// How long local copies stay once their upload is verified (section <c>CallingBot:Recording:Retention</c>). A
/// recording that is not uploaded and verified is never deleted by the service, whatever these say.
/// </summary>
public sealed class RecordingRetentionOptions
{
    /// <summary>
    /// Days a recording's local files stay after its upload was verified: null (the default) keeps them for good, 0
    /// deletes them as soon as the upload is verified. Only with <c>CallingBot:Recording:Storage</c> <c>AzureBlob</c>; 0 to 3650.
    /// </summary>
    public int? KeepLocalDays { get; set; }
}
