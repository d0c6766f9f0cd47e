using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;

namespace CallingBot.Acs.Calling;

/// <summary>
/// A call connection on ACS. Only <see cref="HangUpAsync"/> is carried out; every other verb of
/// <see cref="IPlatformCall"/> throws <see cref="NotSupportedException"/> naming the verb, because this adapter covers
/// the Create Call and Hang Up operations of Call Automation only.
/// </summary>
public sealed class AcsPlatformCall : IPlatformCall
{
    private readonly AcsCallAutomationClient _client;

    public AcsPlatformCall(AcsCallAutomationClient client, string callConnectionId, string? serverCallId)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(callConnectionId);
        _client = client;
        CallId = callConnectionId;
        ServerCallId = serverCallId;
    }

    /// <summary>The ACS call connection id.</summary>
    public string CallId { get; }

    /// <summary>ACS has no tenant: always null.</summary>
    public string? TenantId => null;

    /// <summary>The server call id ACS reported when the call was created.</summary>
    public string? ServerCallId { get; }

    /// <summary>The server call id: the id ACS support and logs know the call by.</summary>
    public string? CorrelationId => ServerCallId;

    public async Task HangUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.HangUpAsync(CallId, cancellationToken).ConfigureAwait(false);
        }
        catch (AcsRequestException exception)
        {
            throw AcsErrors.Translate(exception);
        }
    }

    public Task AnswerAsync(AnswerOptions options, CancellationToken cancellationToken) => throw Unsupported("answer");

    public Task RejectAsync(RejectReason reason, CancellationToken cancellationToken) => throw Unsupported("reject");

    public Task RedirectAsync(RedirectOptions options, CancellationToken cancellationToken) => throw Unsupported("redirect");

    public Task PlayPromptsAsync(IReadOnlyList<Prompt> prompts, CancellationToken cancellationToken) => throw Unsupported("play prompts");

    public Task<RecordResponseResult> RecordResponseAsync(RecordResponseOptions options, CancellationToken cancellationToken) => throw Unsupported("record a response");

    public Task SubscribeToTonesAsync(CancellationToken cancellationToken) => throw Unsupported("subscribe to tones");

    public Task SendDtmfTonesAsync(string tones, CancellationToken cancellationToken) => throw Unsupported("send DTMF tones");

    public Task CancelMediaProcessingAsync(CancellationToken cancellationToken) => throw Unsupported("cancel media processing");

    public Task MuteAsync(CancellationToken cancellationToken) => throw Unsupported("mute");

    public Task UnmuteAsync(CancellationToken cancellationToken) => throw Unsupported("unmute");

    public Task TransferAsync(TransferOptions options, CancellationToken cancellationToken) => throw Unsupported("transfer");

    public Task InviteAsync(ParticipantIdentity participant, CancellationToken cancellationToken) => throw Unsupported("invite a participant");

    public Task RemoveParticipantAsync(string participantId, CancellationToken cancellationToken) => throw Unsupported("remove a participant");

    public Task UpdateRecordingStatusAsync(RecordingStatus status, CancellationToken cancellationToken) => throw Unsupported("update the recording status");

    public Task KeepAliveAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to free: the adapter keeps no state per call connection.</summary>
    public void Release()
    {
    }

    private static NotSupportedException Unsupported(string verb) =>
        new($"The Azure Communication Services platform cannot {verb}: it supports creating calls and hanging up only. Use the Graph platform for this call flow.");
}
