using CallingBot.AspNetCore.ApiAccess;
using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CallingBot.AspNetCore.Api;

/// <summary>
/// The interactive API page (Scalar, served from the host's own assembly: no CDN, no fonts, no telemetry) over the
/// REST API's OpenAPI document, and the document's security schemes, so the page's "try it" requests carry the API key
/// (local mode) or a bearer token (real mode).
/// </summary>
internal static class ApiReferencePage
{
    /// <summary>Where the page is served: <c>/scalar/v1</c> for the document <c>v1</c>.</summary>
    public const string Path = "/scalar";

    /// <summary>The security scheme of local mode: the API key header.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The security scheme of real mode: an Entra bearer token.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>Whether the page is served: <see cref="ApiSecurityOptions.ReferencePage"/>, else in local mode or Development.</summary>
    public static bool IsEnabled(IServiceProvider services, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = services.GetRequiredService<IOptions<ApiSecurityOptions>>().Value.ReferencePage;
        return configured ?? (IsLocalMode(services) || environment.IsDevelopment());
    }

    /// <summary>Declares how the API authenticates in the OpenAPI document (one scheme, required by every operation).</summary>
    internal static Task AddSecuritySchemeAsync(OpenApiDocument document, IServiceProvider services)
    {
        var local = IsLocalMode(services);
        var name = local ? ApiKeyScheme : BearerScheme;
        var scheme = local
            ? new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiAuthorization.ApiKeyHeader,
                Description = "The local-mode API key (printed at start, or CallingBot:Api:ApiKey).",
            }
            : new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An Entra ID access token for the bot's API, with the CallingBot.Operate role or scope (see CallingBot:Api).",
            };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[name] = scheme;
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, document)] = [] });
        return Task.CompletedTask;
    }

    internal static void Map(WebApplication app)
    {
        var local = IsLocalMode(app.Services);
        app.MapScalarApiReference(Path, options =>
        {
            options.WithTitle("CallingBot API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(local ? ApiKeyScheme : BearerScheme);
        });
    }

    private static bool IsLocalMode(IServiceProvider services) => services.GetService<ActiveHostMode>()?.IsLocal == true;
}
