namespace CallingBot.AspNetCore.RequestLimits;

internal static class RequestLimitsServiceCollectionExtensions
{
    /// <summary>Bounds the framework's JSON (de)serialization of request and response bodies to <see cref="JsonLimits.SerializerMaxDepth"/> levels.</summary>
    public static IServiceCollection AddCallingBotRequestLimits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => o.JsonSerializerOptions.MaxDepth = JsonLimits.SerializerMaxDepth);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.MaxDepth = JsonLimits.SerializerMaxDepth);
        return services;
    }
}
