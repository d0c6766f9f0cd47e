using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    public EngineResult Create(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult Redirect(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult Transfer(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult MuteSelf(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult UnmuteSelf(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult ChangeScreenSharingRole(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult UpdateRecordingStatus(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult PlayPrompt(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult RecordResponse(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult SubscribeToTone(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult SendDtmfTones(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult CancelMediaProcessing(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult ListParticipants(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult InviteParticipants(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult GetParticipant(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult RemoveParticipant(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult MuteParticipant(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public EngineResult GetOperation(GraphRequestContext context) => _disposed ? throw new ObjectDisposedException(nameof(CallEngine)) : throw new GraphRequestException(501, "Not implemented yet.", "NotImplemented");

    public void PressKeys(string callId, string? participantId, string keys) => throw new NotSupportedException();

    public string JoinParticipant(string callId, string userId, string? displayName) => throw new NotSupportedException();

    public void LeaveParticipant(string callId, string participantId) => throw new NotSupportedException();

    public string StartScreenSharing(string callId, string participantId) => throw new NotSupportedException();

    public void StopScreenSharing(string callId, string participantId) => throw new NotSupportedException();
}
