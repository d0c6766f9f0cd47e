using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>The resultInfo values the emulator puts on ended calls and operations (documented in docs/emulator.md).</summary>
internal static class ResultCodes
{
    public static JsonObject Success(string message = "Success.") => CallResource.ResultInfo(200, 0, message);

    /// <summary>A playPrompt or recordResponse cancelled by cancelMediaProcessing (Graph's cancelMediaProcessing reference page).</summary>
    public static JsonObject OperationCanceled() => CallResource.ResultInfo(400, 8508, "Action failed, the operation was cancelled.");

    public static JsonObject AnswerTimeout(TimeSpan timeout) =>
        CallResource.ResultInfo(408, 10004, $"The application did not answer, reject or redirect the call within {timeout.TotalSeconds:0} seconds.");

    public static JsonObject IdleTimeout(TimeSpan timeout) =>
        CallResource.ResultInfo(408, 10005, $"The call received no request from the application for {timeout.TotalMinutes:0} minutes.");

    /// <summary>The bot hung up (DELETE): the Delete call reference page's example.</summary>
    public static JsonObject ApplicationHungUp() => CallResource.ResultInfo(200, 5001, "The conversation has ended.");

    /// <summary>The remote side hung up, by the kind of call (the Delete call page's call end reason codes).</summary>
    public static JsonObject RemoteHungUp(CallKind kind) => kind switch
    {
        CallKind.PeerToPeer => CallResource.ResultInfo(200, 4521, "Call ended by the other participant in peer-to-peer call."),
        CallKind.Pstn => CallResource.ResultInfo(200, 540000, "Call ended by the PSTN User."),
        _ => CallResource.ResultInfo(200, 4097, "Call ended by the other participant in the call."),
    };

    public static JsonObject Rejected(string reason) => reason switch
    {
        "busy" => CallResource.ResultInfo(486, 0, "The application rejected the call: busy."),
        "forbidden" => CallResource.ResultInfo(403, 0, "The application rejected the call: forbidden."),
        _ => CallResource.ResultInfo(603, 0, "The application declined the call."),
    };

    /// <summary>A peer-to-peer call replaced by an invite into a group call (the invite page says only that it is terminated and deleted).</summary>
    public static JsonObject ReplacedByInvite() => CallResource.ResultInfo(200, 5001, "The conversation has ended.");

    public static JsonObject Redirected() => CallResource.ResultInfo(200, 7000, "The call was redirected.");

    /// <summary>The transfer completed (Transfer reference page: code 0, subcode 7015, terminationReason AppTransferred).</summary>
    public static JsonObject Transferred() => CallResource.ResultInfo(0, 7015, "GracefulTransferCompleted");

    /// <summary>The transfer target refused (Transfer reference page: 500/7000 for a blind transfer, 500/7700 for a consultative one).</summary>
    public static JsonObject TransferFailed(bool consultative, string reason) => CallResource.ResultInfo(500, consultative ? 7700 : 7000, $"The transfer failed: {reason}");

    public static JsonObject CalleeDeclined() => CallResource.ResultInfo(603, 0, "The callee declined the call.");

    public static JsonObject CalleeBusy() => CallResource.ResultInfo(486, 0, "The callee is busy.");

    public static JsonObject CalleeNoAnswer() => CallResource.ResultInfo(408, 0, "The callee did not answer.");

    public static JsonObject MeetingEnded() => CallResource.ResultInfo(200, 5002, "The meeting ended.");

    public static JsonObject Removed() => CallResource.ResultInfo(200, 5003, "The application was removed from the call.");
}
