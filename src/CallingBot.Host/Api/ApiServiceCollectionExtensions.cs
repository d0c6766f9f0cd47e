using CallingBot.Host.Api.Handlers;
using CallingBot.Host.ApiAccess;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.Host.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the operator and developer REST API: its handler factory for calls it starts (replace
    /// <see cref="IOutboundCallHandlerFactory"/> to use your own handlers), JSON error shapes and the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddCallingBotApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IOutboundCallHandlerFactory, DefaultOutboundCallHandlerFactory>();
        services.PostConfigure<ApiBehaviorOptions>(options =>
        {
            var inner = options.InvalidModelStateResponseFactory;
            options.InvalidModelStateResponseFactory = context => inner(ApiModelState.Clean(context));
        });
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CallingBot API";
                document.Info.Description = "Operate the calls of a CallingBot instance: place calls, join meetings, list and inspect calls, hang up, transfer, play prompts, send DTMF, invite participants, and read the history of ended calls.";
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer<ApiLimitsSchemaTransformer>();
            options.AddOperationTransformer<History.HistoryCsvOperationTransformer>();
        });
        return services;
    }

    /// <summary>
    /// Maps the REST API's OpenAPI document at <see cref="ApiRoutes.OpenApiDocument"/>, protected by the API's own
    /// policy (<see cref="ApiAuthorization.PolicyName"/>): it describes the operator surface. The controllers are mapped
    /// with the others.
    /// </summary>
    public static WebApplication MapCallingBotApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(ApiAuthorization.PolicyName);
        return app;
    }
}
