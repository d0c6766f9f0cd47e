namespace CallingBot.AspNetCore.Api;

/// <summary>
/// Bounds on every string and list of the <c>/api/v1</c> request contracts (table in docs/api.md, and
/// <c>maxLength</c>/<c>maxItems</c> in the OpenAPI document). A value over its bound is a 400 naming the field.
/// </summary>
internal static class ApiLimits
{
    /// <summary>Identity ids, tenant ids, call ids, meeting message ids: letters, digits and <c>- _ . : @</c>.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Display names (of identities and of a guest joining a meeting).</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>The subject of a group call.</summary>
    public const int MaxSubjectLength = 256;

    /// <summary>URLs: a meeting's join URL, prompt URLs.</summary>
    public const int MaxUriLength = 2048;

    /// <summary>Targets of one call: Graph rings them all at once; invite more people into the running call.</summary>
    public const int MaxTargets = 25;

    /// <summary>Prompts of one playPrompt request.</summary>
    public const int MaxPrompts = 20;

    /// <summary>Keys of one sendDtmf request.</summary>
    public const int MaxDtmfTones = 64;

    /// <summary>A meeting's numeric join id.</summary>
    public const int MaxJoinMeetingIdLength = CallingBot.Core.Meetings.MeetingJoinRequest.MaxJoinMeetingIdLength;

    /// <summary>A meeting passcode.</summary>
    public const int MaxPasscodeLength = 64;

    /// <summary>A Teams chat thread id (<c>19:…@thread.v2</c>).</summary>
    public const int MaxThreadIdLength = 256;

    /// <summary>The name of the handler that runs a call started through the API.</summary>
    public const int MaxHandlerNameLength = 64;
}
