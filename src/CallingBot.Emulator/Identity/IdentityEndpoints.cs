using System.Globalization;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Identity;

/// <summary>The Entra-compatible endpoints: token (client credentials), OpenID discovery and JWKS.</summary>
internal sealed partial class IdentityEndpoints(
    ApplicationRegistry registry,
    TokenService tokens,
    ClientAssertionValidator assertions,
    SigningKey key,
    EmulatorOptions options,
    ILogger<IdentityEndpoints> logger)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/{tenant}/oauth2/v2.0/token", TokenAsync);
        routes.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", DiscoveryAsync);
        routes.MapGet("/{tenant}/.well-known/openid-configuration", DiscoveryAsync);
        routes.MapGet("/{tenant}/discovery/v2.0/keys", KeysAsync);
        routes.MapGet("/{tenant}/discovery/keys", KeysAsync);
    }

    private async Task TokenAsync(HttpContext context)
    {
        var tenant = (string)context.Request.RouteValues["tenant"]!;
        if (!context.Request.HasFormContentType)
        {
            await WriteTokenErrorAsync(context, 400, "invalid_request", 900144, "AADSTS900144: The request body must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var grantType = form["grant_type"].ToString();
        var clientId = form["client_id"].ToString();
        var scope = form["scope"].ToString();
        if (!string.Equals(grantType, "client_credentials", StringComparison.Ordinal))
        {
            await WriteTokenErrorAsync(context, 400, "unsupported_grant_type", 70003, $"AADSTS70003: The app requested an unsupported grant type '{grantType}'. Only client_credentials is emulated.");
            return;
        }

        if (string.IsNullOrEmpty(clientId) || !registry.TryGet(clientId, out var registration))
        {
            Log.UnknownClient(logger, clientId);
            await WriteTokenErrorAsync(context, 400, "unauthorized_client", 700016, $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory.");
            return;
        }

        if (string.IsNullOrEmpty(scope) || !scope.Split(' ').Any(s => s.EndsWith("/.default", StringComparison.Ordinal)))
        {
            await WriteTokenErrorAsync(context, 400, "invalid_scope", 1002012, "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
            return;
        }

        var secret = form["client_secret"].ToString();
        var assertionType = form["client_assertion_type"].ToString();
        var assertion = form["client_assertion"].ToString();
        if (!string.IsNullOrEmpty(secret))
        {
            if (registration.App.ClientSecret is null || !FixedTimeEquals(secret, registration.App.ClientSecret))
            {
                Log.ClientRejected(logger, clientId, "invalid client secret");
                await WriteTokenErrorAsync(context, 401, "invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
                return;
            }
        }
        else if (!string.IsNullOrEmpty(assertion))
        {
            if (!string.Equals(assertionType, ClientAssertionValidator.AssertionType, StringComparison.Ordinal))
            {
                await WriteTokenErrorAsync(context, 400, "invalid_request", 50027, $"AADSTS50027: client_assertion_type must be '{ClientAssertionValidator.AssertionType}'.");
                return;
            }

            var endpoint = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}";
            var problem = await assertions.ValidateAsync(assertion, registration, endpoint);
            if (problem is not null)
            {
                Log.ClientRejected(logger, clientId, "invalid client assertion");
                await WriteTokenErrorAsync(context, 401, "invalid_client", 700027, problem);
                return;
            }
        }
        else
        {
            await WriteTokenErrorAsync(context, 401, "invalid_client", 7000218, "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            return;
        }

        var tenantId = Guid.TryParse(tenant, out _) ? tenant : registration.App.TenantId ?? options.DefaultTenantId;
        var token = tokens.IssueAccessToken(registration.App, tenantId);
        Log.TokenIssued(logger, clientId, tenantId);
        var lifetime = (long)options.TokenLifetime.TotalSeconds;
        context.Response.Headers.CacheControl = "no-store, no-cache";
        await context.Response.WriteAsJsonAsync(
            new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = lifetime,
                ["ext_expires_in"] = lifetime,
                ["access_token"] = token,
            },
            context.RequestAborted);
    }

    private Task DiscoveryAsync(HttpContext context)
    {
        var tenant = (string)context.Request.RouteValues["tenant"]!;
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
        var issuerTenant = Guid.TryParse(tenant, out _) ? tenant : "{tenantid}";
        var document = new JsonObject
        {
            ["token_endpoint"] = $"{baseUrl}/{tenant}/oauth2/v2.0/token",
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
            ["jwks_uri"] = $"{baseUrl}/{tenant}/discovery/v2.0/keys",
            ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
            ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
            ["issuer"] = $"{tokens.AuthorityBase}/{issuerTenant}/v2.0",
            ["request_uri_parameter_supported"] = false,
            ["userinfo_endpoint"] = $"{baseUrl}/oidc/userinfo",
            ["authorization_endpoint"] = $"{baseUrl}/{tenant}/oauth2/v2.0/authorize",
            ["http_logout_supported"] = true,
            ["frontchannel_logout_supported"] = true,
            ["end_session_endpoint"] = $"{baseUrl}/{tenant}/oauth2/v2.0/logout",
            ["claims_supported"] = new JsonArray("sub", "iss", "aud", "exp", "iat", "nbf", "tid", "appid", "azp", "roles"),
            ["tenant_region_scope"] = "NA",
            ["cloud_instance_name"] = "microsoftonline.com",
        };
        return context.Response.WriteAsJsonAsync(document, context.RequestAborted);
    }

    private Task KeysAsync(HttpContext context)
    {
        var tenant = (string)context.Request.RouteValues["tenant"]!;
        var issuerTenant = Guid.TryParse(tenant, out _) ? tenant : "{tenantid}";
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.KeyId,
                ["alg"] = "RS256",
                ["n"] = key.Modulus,
                ["e"] = key.Exponent,
                ["issuer"] = $"{tokens.AuthorityBase}/{issuerTenant}/v2.0",
            }),
        };
        return context.Response.WriteAsJsonAsync(jwks, context.RequestAborted);
    }

    private Task WriteTokenErrorAsync(HttpContext context, int status, string error, int code, string description)
    {
        context.Response.StatusCode = status;
        var traceId = Guid.NewGuid().ToString();
        return context.Response.WriteAsJsonAsync(
            new JsonObject
            {
                ["error"] = error,
                ["error_description"] = $"{description} Trace ID: {traceId}",
                ["error_codes"] = new JsonArray(code),
                ["timestamp"] = tokens.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ssZ", CultureInfo.InvariantCulture),
                ["trace_id"] = traceId,
                ["correlation_id"] = Guid.NewGuid().ToString(),
            },
            context.RequestAborted);
    }

    private static bool FixedTimeEquals(string left, string right) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(left),
            System.Text.Encoding.UTF8.GetBytes(right));

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.TokenIssued, EventName = nameof(EmulatorEventIds.TokenIssued), Level = LogLevel.Debug, Message = "Issued an access token to app {AppId} in tenant {TenantId}")]
        public static partial void TokenIssued(ILogger logger, string appId, string tenantId);

        [LoggerMessage(EventId = EmulatorEventIds.UnknownClient, EventName = nameof(EmulatorEventIds.UnknownClient), Level = LogLevel.Warning, Message = "Token request from unknown client {ClientId}")]
        public static partial void UnknownClient(ILogger logger, string clientId);

        [LoggerMessage(EventId = EmulatorEventIds.ClientRejected, EventName = nameof(EmulatorEventIds.ClientRejected), Level = LogLevel.Warning, Message = "Token request from {ClientId} rejected: {Reason}")]
        public static partial void ClientRejected(ILogger logger, string clientId, string reason);
    }
}
