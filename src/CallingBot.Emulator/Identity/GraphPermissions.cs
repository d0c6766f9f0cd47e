namespace CallingBot.Emulator.Identity;

/// <summary>The Graph application permissions the calls API checks.</summary>
public static class GraphPermissions
{
    public const string CallsInitiateAll = "Calls.Initiate.All";
    public const string CallsInitiateGroupCallAll = "Calls.InitiateGroupCall.All";
    public const string CallsJoinGroupCallAll = "Calls.JoinGroupCall.All";
    public const string CallsJoinGroupCallAsGuestAll = "Calls.JoinGroupCallAsGuest.All";
    public const string CallsAccessMediaAll = "Calls.AccessMedia.All";

    /// <summary>All five calling permissions; granted by default.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CallsInitiateAll,
        CallsInitiateGroupCallAll,
        CallsJoinGroupCallAll,
        CallsJoinGroupCallAsGuestAll,
        CallsAccessMediaAll,
    ];
}
