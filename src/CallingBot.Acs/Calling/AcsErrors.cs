using CallingBot.Core.Platform;

namespace CallingBot.Acs.Calling;

/// <summary>Translates <see cref="AcsRequestException"/> into Core's <see cref="PlatformException"/> at the platform boundary.</summary>
internal static class AcsErrors
{
    public static PlatformException Translate(AcsRequestException exception) =>
        new(Classify((int)exception.StatusCode), exception.Message, exception);

    private static PlatformErrorKind Classify(int statusCode) => statusCode switch
    {
        400 or 422 => PlatformErrorKind.InvalidRequest,
        401 => PlatformErrorKind.Unauthorized,
        403 => PlatformErrorKind.Forbidden,
        404 or 410 => PlatformErrorKind.NotFound,
        409 or 412 => PlatformErrorKind.Conflict,
        429 => PlatformErrorKind.Throttled,
        408 or 500 or 502 or 503 or 504 => PlatformErrorKind.Unavailable,
        _ => PlatformErrorKind.Other,
    };
}
