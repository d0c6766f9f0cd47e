using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>Permission sets the calls API checks beyond a single permission.</summary>
internal static class ApiPermissions
{
    /// <summary>Any calling permission: what reading a call and most operations need.</summary>
    public static readonly string[] AnyCall =
    [
        GraphPermissions.CallsInitiateAll,
        GraphPermissions.CallsInitiateGroupCallAll,
        GraphPermissions.CallsJoinGroupCallAll,
        GraphPermissions.CallsJoinGroupCallAsGuestAll,
        GraphPermissions.CallsAccessMediaAll,
    ];

    /// <summary>The group-call permissions (audio routing groups, configureMixer, addLargeGalleryView, hold music).</summary>
    public static readonly string[] GroupCall =
    [
        GraphPermissions.CallsInitiateGroupCallAll,
        GraphPermissions.CallsJoinGroupCallAll,
        GraphPermissions.CallsJoinGroupCallAsGuestAll,
    ];
}
