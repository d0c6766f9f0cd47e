namespace CallingBot.AspNetCore.Api.Errors;

/// <summary>The <c>type</c> URIs of the API's problem details, documented in docs/api.md.</summary>
internal static class ApiProblemTypes
{
    public const string CallNotFound = "https://callingbot.dev/problems/call-not-found";

    public const string CallEnded = "https://callingbot.dev/problems/call-ended";

    public const string Unavailable = "https://callingbot.dev/problems/unavailable";

    public const string ServiceRefused = "https://callingbot.dev/problems/service-refused";

    public const string HistoryUnavailable = "https://callingbot.dev/problems/history-unavailable";
}
