using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.History.Configuration;
using CallingBot.History.Masking;
using CallingBot.Media.Diagnostics;

namespace CallingBot.History.Records;

/// <summary>Turns the call manager's <see cref="CallRecord"/> into what is stored: parties and sensitive event details masked.</summary>
internal sealed class CallHistoryEntryMapper(PartyMasker masker)
{
    /// <summary>Event kinds whose detail never names a party or carries a key pressed; the others keep kind and time only when masking is on.</summary>
    private static readonly HashSet<string> SafeDetails = new(StringComparer.Ordinal)
    {
        "created", "decision", "state", "reaped", "play-prompt", "record-response", "digits", "subscribe-tone", "send-dtmf",
        "media", "cancel-media-processing", "mute", "unmute", "recording-status", "hang-up", "keep-alive",
        "handler-failed", "handler-timeout", "content-sharing",
    };

    public PartyMasker Masker => masker;

    public CallHistoryEntry ToEntry(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var masked = masker.Mode != HistoryMaskingMode.None;
        return new CallHistoryEntry
        {
            CallId = record.CallId,
            CorrelationId = record.CorrelationId,
            TenantId = record.TenantId,
            Direction = record.Direction == CallDirection.Incoming ? "incoming" : "outgoing",
            Outcome = record.Outcome,
            Caller = record.Caller is { } caller ? masker.Mask(caller) : null,
            Callees = [.. (record.Callees ?? []).Select(masker.Mask)],
            StartedAt = ToMicroseconds(record.StartedAt),
            AnsweredAt = record.EstablishedAt is { } answered ? ToMicroseconds(answered) : null,
            EndedAt = ToMicroseconds(record.EndedAt),
            TerminationCode = record.Termination?.Code,
            TerminationSubcode = record.Termination?.Subcode,
            TerminationMessage = record.Termination?.Message,
            Handler = record.HandlerName,
            Media = record.Media == MediaHosting.AppHosted ? "appHosted" : "serviceHosted",
            RecordingStatus = record.RecordingStatus switch
            {
                null => null,
                Core.Calls.RecordingStatus.Recording => "recording",
                Core.Calls.RecordingStatus.Failed => "failed",
                _ => "notRecording",
            },
            MediaQuality = record.MediaQuality is { } quality ? ToQuality(quality) : null,
            Events = [.. (record.Events ?? []).Select(e => new CallHistoryEvent(ToMicroseconds(e.At), e.Kind, !masked || SafeDetails.Contains(e.Kind) ? e.Detail : null))],
        };
    }

    /// <summary>Both stores keep microseconds (PostgreSQL's timestamptz resolution): an entry reads back equal to what was written.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    private static CallHistoryMediaQuality ToQuality(MediaStatisticsSnapshot snapshot) => new()
    {
        FramesReceived = snapshot.FramesReceived,
        FramesDropped = snapshot.FramesDropped,
        FramesMissing = snapshot.MissingFrames,
        FramesSent = snapshot.FramesSent,
        FramesLate = snapshot.LateFrames,
        OutboundDropped = snapshot.OutboundDropped,
        JitterMs = Math.Round(snapshot.Jitter.TotalMilliseconds, 3),
        ProcessingDelayP99Ms = Math.Round(snapshot.ProcessingDelayP99.TotalMilliseconds, 3),
        SendDelayP99Ms = Math.Round(snapshot.SendDelayP99.TotalMilliseconds, 3),
    };
}
