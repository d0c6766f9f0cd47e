namespace CallingBot.Graph.Calling;

/// <summary>
/// An outbound operation of the Graph adapter: its stable <see cref="Name"/> (the <c>callingbot.operation</c> tag of
/// its span) and the <see cref="Text"/> errors name it by.
/// </summary>
internal sealed class GraphOperation
{
    private GraphOperation(string name, string? text = null)
    {
        Name = name;
        Text = text ?? name;
    }

    public static GraphOperation Answer { get; } = new("answer");

    public static GraphOperation Reject { get; } = new("reject");

    public static GraphOperation Redirect { get; } = new("redirect");

    public static GraphOperation CreateCall { get; } = new("createCall", "create call");

    public static GraphOperation JoinMeeting { get; } = new("joinMeeting", "join meeting");

    public static GraphOperation PlayPrompt { get; } = new("playPrompt");

    public static GraphOperation RecordResponse { get; } = new("recordResponse");

    public static GraphOperation SubscribeToTone { get; } = new("subscribeToTone");

    public static GraphOperation SendDtmfTones { get; } = new("sendDtmfTones");

    public static GraphOperation CancelMediaProcessing { get; } = new("cancelMediaProcessing");

    public static GraphOperation Mute { get; } = new("mute");

    public static GraphOperation Unmute { get; } = new("unmute");

    public static GraphOperation Transfer { get; } = new("transfer");

    public static GraphOperation Invite { get; } = new("invite");

    public static GraphOperation RemoveParticipant { get; } = new("removeParticipant");

    public static GraphOperation MuteParticipant { get; } = new("muteParticipant");

    public static GraphOperation UpdateRecordingStatus { get; } = new("updateRecordingStatus");

    public static GraphOperation KeepAlive { get; } = new("keepAlive");

    public static GraphOperation HangUp { get; } = new("hangUp", "hang up");

    public static GraphOperation Rehydrate { get; } = new("rehydrate", "take over call");

    public string Name { get; }

    public string Text { get; }

    public override string ToString() => Name;
}
