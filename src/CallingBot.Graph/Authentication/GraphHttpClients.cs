namespace CallingBot.Graph.Authentication;

/// <summary>Names of the HttpClients the Graph adapter takes from IHttpClientFactory, so hosts can configure their handlers.</summary>
public static class GraphHttpClients
{
    /// <summary>Requests to the Graph calls API.</summary>
    public const string Graph = "CallingBot.Graph";

    /// <summary>Requests to the Entra token endpoint (MSAL).</summary>
    public const string Identity = "CallingBot.Identity";
}
