using CallingBot.Dashboard.Access;
using CallingBot.Dashboard.Assets;
using CallingBot.Dashboard.Configuration;
using CallingBot.Dashboard.Live;
using CallingBot.Dashboard.Metrics;
using CallingBot.Dashboard.Timeline;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard;

/// <summary>The dashboard's endpoints under <c>/dashboard</c>.</summary>
public static class DashboardEndpoints
{
    /// <summary>
    /// Maps the dashboard (nothing when <c>CallingBot:Dashboard:Enabled</c> is false): its pages and assets, sign-in and
    /// sign-out, and the endpoints its page reads (calls, timelines, charts, health, the live stream), each requiring
    /// the API's policy.
    /// </summary>
    public static IEndpointRouteBuilder MapCallingBotDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        if (!services.GetRequiredService<IOptions<DashboardOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        var policy = services.GetRequiredService<IOptions<DashboardAccessOptions>>().Value.AuthorizationPolicy;
        var group = endpoints.MapGroup(DashboardAuthentication.PathPrefix).ExcludeFromDescription();
        group.AddEndpointFilter(async (context, next) =>
        {
            DashboardAssets.ApplySecurityHeaders(context.HttpContext.Response);
            return await next(context);
        });

        // "/dashboard" and "/dashboard/" alike (routing ignores the trailing slash; the page's links are absolute).
        group.MapGet("/", ServeIndexAsync).AllowAnonymous();
        group.MapGet("/signin", (HttpContext context) => DashboardAssets.Serve(context, DashboardAssets.Find("signin.html")!, page: true)).AllowAnonymous();
        group.MapGet("/assets/{name}", (HttpContext context, string name) =>
            name != "index.html" && name != "signin.html" && DashboardAssets.Find(name) is { } asset
                ? DashboardAssets.Serve(context, asset, page: false)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"The dashboard has no asset '{name}'.")).AllowAnonymous();
        group.MapGet("/api/signin-options", DashboardSignInEndpoints.Describe).AllowAnonymous();
        group.MapPost("/signin", DashboardSignInEndpoints.SignInAsync).AllowAnonymous().DisableAntiforgery();
        group.MapPost("/signin/local", DashboardSignInEndpoints.SignInLoopbackAsync).AllowAnonymous().DisableAntiforgery();
        group.MapPost("/signout", DashboardSignInEndpoints.SignOutAsync).AllowAnonymous().DisableAntiforgery();

        var api = group.MapGroup("/").RequireAuthorization(policy);
        api.MapGet("/api/session", (HttpContext context) => Results.Json(
            new
            {
                name = context.User.Identity?.Name ?? "operator",
                method = context.User.FindFirst("callingbot.signin")?.Value ?? "header",
            },
            DashboardJson.Options));
        api.MapGet("/api/calls", (CallTimelineStore store) => Results.Json(new { calls = store.List() }, DashboardJson.Options));
        api.MapGet("/api/calls/{callId}/timeline", (string callId, CallTimelineStore store) =>
            store.Get(callId) is { } found
                ? Results.Json(new { call = found.Call, lanes = TimelineLanes.All, entries = found.Entries }, DashboardJson.Options)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown call", detail: $"The dashboard keeps no timeline of call '{callId}' (callId).", extensions: new Dictionary<string, object?> { ["field"] = "callId" }));
        api.MapGet("/api/metrics", (DashboardMetricsCollector metrics, IOptions<DashboardOptions> options) =>
            Results.Json(new { minutes = options.Value.ChartMinutes, points = metrics.Snapshot() }, DashboardJson.Options));
        api.MapGet("/api/health", (Func<HttpContext, Task<IResult>>)HealthAsync);
        api.MapGet("/events", DashboardEventStream.StreamAsync);
        return endpoints;
    }

    /// <summary>The page itself: signed-in browsers (or API credentials) get it, anyone else the sign-in page.</summary>
    private static async Task<IResult> ServeIndexAsync(HttpContext context, IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator, IOptions<DashboardAccessOptions> access)
    {
        var policy = await policies.GetPolicyAsync(access.Value.AuthorizationPolicy)
            ?? throw new InvalidOperationException($"The authorization policy '{access.Value.AuthorizationPolicy}' of the dashboard is not registered.");
        var authentication = await evaluator.AuthenticateAsync(policy, context);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, resource: null);
        if (!authorization.Succeeded)
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Redirect(DashboardAuthentication.PathPrefix + "/signin");
        }

        return DashboardAssets.Serve(context, DashboardAssets.Find("index.html")!, page: true);
    }

    private static async Task<IResult> HealthAsync(HttpContext context)
    {
        var service = context.RequestServices.GetService<HealthCheckService>();
        if (service is null)
        {
            return Results.Json(new { status = "Unknown", checks = Array.Empty<object>() }, DashboardJson.Options);
        }

        var report = await service.CheckHealthAsync(context.RequestAborted);
        return Results.Json(
            new
            {
                status = report.Status.ToString(),
                durationMs = report.TotalDuration.TotalMilliseconds,
                checks = report.Entries.Select(e => new
                {
                    name = e.Key,
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                    durationMs = e.Value.Duration.TotalMilliseconds,
                    tags = e.Value.Tags,
                }),
            },
            DashboardJson.Options);
    }
}
