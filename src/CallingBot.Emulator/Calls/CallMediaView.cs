namespace CallingBot.Emulator.Calls;

/// <summary>What the media stream of a call needs, read at one moment: whether it runs, its media config and who speaks.</summary>
internal sealed record CallMediaView(bool IsTerminated, bool IsEstablished, string? MediaConfigType, string? Blob, (string Id, bool Muted)[] Speakers)
{
    public static CallMediaView Of(LockedCall call)
    {
        var config = call.Record.MediaConfig;
        return new CallMediaView(
            call.IsTerminated,
            call.State == EmulatedCallState.Established,
            config?["@odata.type"]?.GetValue<string>(),
            config?["blob"]?.GetValue<string>(),
            call.Roster.Participants.Where(p => !p.IsBot && !p.IsInLobby).Select(p => (p.Id, p.IsMuted)).ToArray());
    }
}
