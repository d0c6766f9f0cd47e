namespace CallingBot.Emulator.Identity;

/// <summary>
/// The one rule for every callback URI the emulator accepts (app registrations, Graph requests, control API, ACS):
/// absolute https, or http only when <see cref="EmulatorOptions.AllowHttpCallbacks"/> is on. Notifications carry a
/// valid bearer token, so a plain-http callback would hand it to anyone on the path.
/// </summary>
internal static class CallbackUris
{
    public static bool IsAllowed(Uri uri, bool allowHttp) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp));

    /// <summary>The sentence an error message ends with, e.g. "must be an absolute https URI …".</summary>
    public static string Requirement(bool allowHttp) => allowHttp
        ? "must be an absolute http or https URI."
        : "must be an absolute https URI (plain http is accepted only with Emulator:AllowHttpCallbacks).";
}
