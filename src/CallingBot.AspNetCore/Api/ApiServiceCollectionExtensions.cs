using CallingBot.AspNetCore.Api.Handlers;
using CallingBot.AspNetCore.ApiAccess;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.AspNetCore.Api;

internal static class ApiServiceCollectionExtensions
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
            options.AddDocumentTransformer((document, context, _) => ApiReferencePage.AddSecuritySchemeAsync(document, context.ApplicationServices));
            options.AddSchemaTransformer<ApiLimitsSchemaTransformer>();
            options.AddOperationTransformer<History.HistoryCsvOperationTransformer>();
        });
        return services;
    }

    /// <summary>
    /// Maps the REST API's OpenAPI document at <see cref="ApiRoutes.OpenApiDocument"/>, protected by the API's own
    /// policy (<see cref="ApiAuthorization.PolicyName"/>): it describes the operator surface. Where the interactive API
    /// page is served (<see cref="ApiReferencePage.IsEnabled"/>: local mode and Development by default), the page and the
    /// document it reads need no credentials; the API's requests still do. The controllers are mapped with the others.
    /// </summary>
    public static WebApplication MapCallingBotApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var document = app.MapOpenApi("/openapi/{documentName}.json");
        if (ApiReferencePage.IsEnabled(app.Services, app.Environment))
        {
            document.AllowAnonymous();
            ApiReferencePage.Map(app);
        }
        else
        {
            document.RequireAuthorization(ApiAuthorization.PolicyName);
        }

        return app;
    }
}
