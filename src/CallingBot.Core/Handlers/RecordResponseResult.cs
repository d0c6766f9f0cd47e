namespace CallingBot.Core.Handlers;

/// <param name="CompletionReason">Why the recording stopped (for example <c>stopToneDetected</c>, <c>maxRecordDurationReached</c>).</param>
/// <param name="RecordingLocation">Where the service stored the recording; fetch it with <paramref name="RecordingAccessToken"/>.</param>
public sealed record RecordResponseResult(string CompletionReason, Uri? RecordingLocation, string? RecordingAccessToken)
{
    /// <summary>Never prints the access token.</summary>
    public override string ToString() => $"RecordResponseResult {{ CompletionReason = {CompletionReason}, RecordingLocation = {RecordingLocation} }}";
}
