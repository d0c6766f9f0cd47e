namespace CallingBot.AspNetCore.Api;

/// <summary>Paths of the operator and developer REST API.</summary>
internal static class ApiRoutes
{
    /// <summary>Every API route starts with this prefix.</summary>
    public const string Prefix = "api/v1";

    public const string Calls = Prefix + "/calls";

    public const string Meetings = Prefix + "/meetings";

    /// <summary>The history of ended calls.</summary>
    public const string History = Prefix + "/history";

    /// <summary>Where the OpenAPI document is served.</summary>
    public const string OpenApiDocument = "/openapi/v1.json";
}
