namespace CallingBot.Host.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Registers the operator and developer REST API.</summary>
    public static IServiceCollection AddCallingBotApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }

    /// <summary>Maps the REST API endpoints and its OpenAPI document.</summary>
    public static WebApplication MapCallingBotApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
