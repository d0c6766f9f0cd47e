namespace CallingBot.Emulator.Calls;

/// <summary>Allowed values of the Graph enums the calls API accepts, in their wire spelling.</summary>
internal static class GraphEnums
{
    public static readonly string[] Modalities = ["audio", "video", "videoBasedScreenSharing", "data"];
    public static readonly string[] RejectReasons = ["none", "busy", "forbidden"];
    public static readonly string[] RoutingPolicies = ["none", "noMissedCall", "disableForwardingExceptPhone", "disableForwarding", "preferSkypeForBusiness"];
    public static readonly string[] ScreenSharingRoles = ["viewer", "sharer"];
    public static readonly string[] RecordingStatuses = ["unknown", "notRecording", "recording", "failed"];
    public static readonly string[] EndpointTypes = ["default", "voicemail", "skypeForBusiness", "skypeForBusinessVoipPhone"];

    public static readonly string[] Tones =
    [
        "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
        "star", "pound", "a", "b", "c", "d", "flash",
    ];

    /// <summary>Maps a keypad character (0-9, *, #, A-D) to its Graph tone name.</summary>
    public static string? ToneFromKey(char key) => key switch
    {
        >= '0' and <= '9' => "tone" + key,
        '*' => "star",
        '#' => "pound",
        'A' or 'a' => "a",
        'B' or 'b' => "b",
        'C' or 'c' => "c",
        'D' or 'd' => "d",
        '!' => "flash",
        _ => null,
    };
}
