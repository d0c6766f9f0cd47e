using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    public CallSnapshot? Snapshot(string callId)
    {
        var call = Find(callId);
        if (call is null)
        {
            return null;
        }

        lock (call.Gate)
        {
            return SnapshotLocked(call);
        }
    }

    public IReadOnlyList<CallSnapshot> SnapshotAll()
    {
        var result = new List<CallSnapshot>();
        foreach (var call in _calls.Values.OrderBy(c => c.CreatedAt))
        {
            lock (call.Gate)
            {
                result.Add(SnapshotLocked(call));
            }
        }

        return result;
    }

    public TimelineSnapshot GetTimeline(string callId)
    {
        var call = Find(callId) ?? throw new KeyNotFoundException($"Call '{callId}' was not found.");
        lock (call.Gate)
        {
            return new TimelineSnapshot(call.Timeline.Copy(), call.Timeline.Dropped);
        }
    }

    private static CallSnapshot SnapshotLocked(EmulatedCall call)
    {
        var bot = call.BotParticipant;
        var mediaType = call.MediaConfig?["@odata.type"]?.GetValue<string>();
        return new CallSnapshot(
            call.Id,
            call.AppId,
            call.TenantId,
            call.Direction,
            call.Kind,
            call.State,
            call.CallbackUri.ToString(),
            mediaType is null ? null : mediaType.EndsWith("appHostedMediaConfig", StringComparison.OrdinalIgnoreCase) ? "appHosted" : "serviceHosted",
            call.MediaConfig?.ToJsonString(),
            [.. call.RequestedModalities],
            [.. call.ActiveModalities],
            call.RecordingStatus,
            bot?.IsMuted ?? false,
            call.ToneSubscribed,
            call.DeltaRoster,
            call.MyParticipantId,
            call.MeetingThreadId,
            call.ResultInfo?["code"]?.GetValue<int>(),
            call.ResultInfo?["subcode"]?.GetValue<int>(),
            call.ResultInfo?["message"]?.GetValue<string>(),
            call.CreatedAt,
            call.EndedAt,
            call.Timeline.Count,
            call.Timeline.Dropped,
            call.Participants.Select(p => new ParticipantSnapshot(
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
