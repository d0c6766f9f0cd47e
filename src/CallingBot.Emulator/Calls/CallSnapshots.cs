using CallingBot.Emulator.Control;

namespace CallingBot.Emulator.Calls;

/// <summary>Copies a call into the public <see cref="CallSnapshot"/>.</summary>
internal static class CallSnapshots
{
    public static CallSnapshot Of(LockedCall call)
    {
        var record = call.Record;
        var bot = record.Roster.Bot;
        var mediaType = record.MediaConfig?["@odata.type"]?.GetValue<string>();
        return new CallSnapshot(
            record.Id,
            record.AppId,
            record.TenantId,
            record.Direction,
            record.Kind,
            call.State.WireName(),
            record.CallbackUri.ToString(),
            mediaType is null ? null : mediaType.EndsWith("appHostedMediaConfig", StringComparison.OrdinalIgnoreCase) ? "appHosted" : "serviceHosted",
            record.MediaConfig?.ToJsonString(),
            [.. record.RequestedModalities],
            [.. record.ActiveModalities],
            record.RecordingStatus,
            bot?.IsMuted ?? false,
            record.ToneSubscribed,
            record.DeltaRoster,
            record.MyParticipantId,
            record.MeetingThreadId,
            record.ResultInfo?["code"]?.GetValue<int>(),
            record.ResultInfo?["subcode"]?.GetValue<int>(),
            record.ResultInfo?["message"]?.GetValue<string>(),
            record.CreatedAt,
            record.EndedAt,
            record.Timeline.Count,
            record.Timeline.Dropped,
            record.Roster.Participants.Select(p => new ParticipantSnapshot(
                p.Id,
                p.Identity.Kind,
                p.Identity.Id,
                p.Identity.DisplayName,
                p.IsBot,
                p.IsMuted,
                p.IsInLobby,
                p.IsSharingScreen,
                p.ScreenSharingRole,
                p.RecordingStatus,
                [.. p.Modalities])).ToList());
    }
}
