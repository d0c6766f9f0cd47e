using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Diagnostics;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Control;

/// <summary>The control REST API under <c>/emulator</c> (no authentication; bound to loopback by default).</summary>
internal sealed partial class ControlEndpoints(EmulatorControl control, ILogger<ControlEndpoints> logger)
{
    private const long MaxBodyBytes = 256 * 1024;

    /// <summary>Response header of <c>GET /emulator/calls/{id}/timeline</c>: entries dropped to keep the timeline within its limits.</summary>
    public const string TimelineDroppedHeader = "Emulator-Timeline-Dropped";

    public Func<JsonObject>? InfoProvider { get; set; }

    public Func<byte[]>? CertificateProvider { get; set; }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/emulator/openapi.json", OpenApiAsync);
        routes.MapGet("/emulator", Handle(context => Ok(InfoProvider?.Invoke() ?? [])));
        routes.MapGet("/emulator/certificate", CertificateAsync);
        routes.MapGet("/emulator/recordings/{name}", RecordingAsync);
        routes.MapGet("/emulator/statistics", Handle(context => Ok(control.Statistics)));
        routes.MapGet("/emulator/calls", Handle(context => Ok(control.ListCalls())));
        routes.MapPost("/emulator/calls", HandleBody<IncomingCallRequest>(async (context, request) =>
        {
            var id = await control.PlaceIncomingCallAsync(request, context.RequestAborted);
            return (201, control.GetCall(id));
        }));
        routes.MapGet("/emulator/calls/{id}", Handle(context =>
            control.GetCall(Id(context)) is { } call ? Ok(call) : throw new KeyNotFoundException($"Call '{Id(context)}' was not found.")));
        routes.MapGet("/emulator/calls/{id}/timeline", Handle(context =>
        {
            var after = 0L;
            if (context.Request.Query["after"].ToString() is { Length: > 0 } text
                && (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after)))
            {
                throw new ArgumentException("The query parameter 'after' must be a timeline sequence number (a whole number, 0 or more).");
            }

            var timeline = control.GetTimeline(Id(context));
            context.Response.Headers[TimelineDroppedHeader] = timeline.DroppedEntries.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Ok(timeline.Where(e => e.Sequence > after).ToList());
        }));
        routes.MapGet("/emulator/calls/{id}/wait", WaitAsync);
        routes.MapPost("/emulator/calls/{id}/hangUp", Handle(async context =>
        {
            await control.HangUpAsync(Id(context), context.RequestAborted);
            return (200, (object?)control.GetCall(Id(context)));
        }));
        routes.MapPost("/emulator/calls/{id}/keys", HandleBody<KeysRequest>(async (context, request) =>
        {
            await control.PressKeysAsync(Id(context), request.Keys, request.ParticipantId, context.RequestAborted);
            return (202, null);
        }));
        routes.MapPost("/emulator/calls/{id}/participants", HandleBody<JoinRequest>(async (context, request) =>
        {
            var participantId = await control.JoinParticipantAsync(Id(context), request.UserId, request.DisplayName, context.RequestAborted);
            return (201, new JsonObject { ["participantId"] = participantId });
        }));
        routes.MapDelete("/emulator/calls/{id}/participants/{participantId}", Handle(async context =>
        {
            await control.LeaveParticipantAsync(Id(context), Participant(context), context.RequestAborted);
            return (204, (object?)null);
        }));
        routes.MapPost("/emulator/calls/{id}/participants/{participantId}/screenSharing/start", Handle(async context =>
        {
            var session = await control.StartScreenSharingAsync(Id(context), Participant(context), context.RequestAborted);
            return (200, (object?)new JsonObject { ["contentSharingSessionId"] = session });
        }));
        routes.MapPost("/emulator/calls/{id}/participants/{participantId}/screenSharing/stop", Handle(async context =>
        {
            await control.StopScreenSharingAsync(Id(context), Participant(context), context.RequestAborted);
            return (204, (object?)null);
        }));
        routes.MapGet("/emulator/ringing", Handle(context => Ok(control.ListRinging())));
        routes.MapPost("/emulator/ringing/{ringId}/answer", Handle(async context =>
            (200, (object?)await control.AnswerRingingAsync((string)context.Request.RouteValues["ringId"]!, context.RequestAborted))));
        routes.MapPost("/emulator/ringing/{ringId}/decline", Handle(async context =>
            (200, (object?)await control.DeclineRingingAsync((string)context.Request.RouteValues["ringId"]!, context.RequestAborted))));
        routes.MapGet("/emulator/directory", Handle(context => Ok(new DirectoryListing(control.Users, control.PstnNumbers))));
        routes.MapGet("/emulator/applications", Handle(context => Ok(control.Applications.Select(Describe).ToList())));
        routes.MapPost("/emulator/applications", HandleBody<JsonObject>((context, body) =>
        {
            var replace = body["replace"] switch
            {
                null => false,
                JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
                _ => throw new ArgumentException("'replace' must be true or false."),
            };
            body.Remove("replace");
            var application = body.Deserialize<EmulatedApplication>(ControlJson.Options) ?? throw new ArgumentException("The request body is required.");
            var replaced = control.RegisterApplication(application, replace);
            return Task.FromResult<(int, object?)>((replaced ? 200 : 201, Describe(application)));
        }));
        routes.MapPost("/emulator/directory/users", HandleBody<EmulatedUser>((context, request) =>
        {
            control.AddUser(request);
            return Task.FromResult<(int, object?)>((201, request));
        }));
        routes.MapPost("/emulator/directory/pstnNumbers", HandleBody<EmulatedPstnNumber>((context, request) =>
        {
            control.AddPstnNumber(request);
            return Task.FromResult<(int, object?)>((201, request));
        }));
        routes.MapPost("/emulator/directory/applicationInstances", HandleBody<EmulatedApplicationInstance>((context, request) =>
        {
            control.AddApplicationInstance(request);
            return Task.FromResult<(int, object?)>((201, request));
        }));
        routes.MapPost("/emulator/directory/meetings", HandleBody<EmulatedMeeting>((context, request) =>
        {
            control.AddMeeting(request);
            return Task.FromResult<(int, object?)>((201, request));
        }));
        routes.MapGet("/emulator/chaos", Handle(context => Ok(control.DefaultChaos)));
        routes.MapPut("/emulator/chaos", HandleBody<ChaosOptions>((context, request) =>
        {
            control.DefaultChaos = request;
            return Task.FromResult<(int, object?)>((200, request));
        }));
    }

    private static JsonObject Describe(EmulatedApplication app) => new()
    {
        ["appId"] = app.AppId,
        ["displayName"] = app.DisplayName,
        ["tenantId"] = app.TenantId,
        ["hasClientSecret"] = app.ClientSecret is not null,
        ["certificateCount"] = app.Certificates.Count,
        ["permissions"] = new JsonArray([.. app.GrantedPermissions.Select(p => (JsonNode?)p)]),
        ["callbackUri"] = app.CallbackUri?.ToString(),
    };

    private static string Id(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    private static string Participant(HttpContext context) => (string)context.Request.RouteValues["participantId"]!;

    private static Task<(int, object?)> Ok(object? value) => Task.FromResult<(int, object?)>((200, value));

    private Task WaitAsync(HttpContext context) =>
        RunCore(context, async () =>
        {
            var state = context.Request.Query["state"].ToString();
            if (string.IsNullOrEmpty(state))
            {
                throw new ArgumentException("The query parameter 'state' is required.");
            }

            var seconds = double.TryParse(context.Request.Query["timeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var s) ? Math.Clamp(s, 0, 300) : 15;
            var call = await control.WaitForCallStateAsync(Id(context), state, TimeSpan.FromSeconds(seconds), context.RequestAborted);
            return (200, (object?)call);
        });

    private static async Task OpenApiAsync(HttpContext context)
    {
        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CallingBot.Emulator.openapi.json")!;
        context.Response.ContentType = "application/json; charset=utf-8";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>The audio behind a recordResponse's recordingLocation: one second of 16 kHz mono 16-bit silence.</summary>
    private static async Task RecordingAsync(HttpContext context)
    {
        const int sampleRate = 16000;
        const int dataBytes = sampleRate * 2;
        var wav = new byte[44 + dataBytes];
        void Text(int offset, string value) => System.Text.Encoding.ASCII.GetBytes(value).CopyTo(wav, offset);
        void Int32(int offset, int value) => System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(offset), value);
        void Int16(int offset, short value) => System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(offset), value);
        Text(0, "RIFF");
        Int32(4, 36 + dataBytes);
        Text(8, "WAVEfmt ");
        Int32(16, 16);
        Int16(20, 1);
        Int16(22, 1);
        Int32(24, sampleRate);
        Int32(28, sampleRate * 2);
        Int16(32, 2);
        Int16(34, 16);
        Text(36, "data");
        Int32(40, dataBytes);
        context.Response.ContentType = "audio/wav";
        await context.Response.Body.WriteAsync(wav, context.RequestAborted);
    }

    private async Task CertificateAsync(HttpContext context)
    {
        var raw = CertificateProvider?.Invoke() ?? [];
        context.Response.ContentType = "application/pkix-cert";
        context.Response.Headers.ContentDisposition = "attachment; filename=emulator-tls.cer";
        await context.Response.Body.WriteAsync(raw, context.RequestAborted);
    }

    // ASP0016 misreads the nested lambdas below: the tuple is written by RunCore, not returned to the framework.
#pragma warning disable ASP0016
    private RequestDelegate Handle(Func<HttpContext, Task<(int Status, object? Body)>> action) =>
        context => RunCore(context, () => action(context));

    private RequestDelegate HandleBody<T>(Func<HttpContext, T, Task<(int Status, object? Body)>> action) =>
        context => RunCore(context, async () =>
        {
            JsonContentType.Require(context.Request);
            var text = await JsonBody.ReadTextAsync(context.Request, MaxBodyBytes, context.RequestAborted);
            T? request;
            try
            {
                request = JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(text) ? "{}" : text, ControlJson.Options);
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"The request body is not valid: {ex.Message}", ex);
            }

            return await action(context, request ?? throw new ArgumentException("The request body is required."));
        });

#pragma warning restore ASP0016

    private async Task RunCore(HttpContext context, Func<Task<(int Status, object? Body)>> action)
    {
        try
        {
            var (status, body) = await action();
            context.Response.StatusCode = status;
            if (body is not null)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), ControlJson.Options, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or InvalidOperationException or GraphRequestException or TimeoutException or NotSupportedException)
        {
            var status = ex switch
            {
                KeyNotFoundException => 404,
                InvalidOperationException => 409,
                TimeoutException => 408,
                NotSupportedException => 501,
                GraphRequestException g => g.StatusCode,
                _ => 400,
            };
            Log.ControlFailed(logger, context.Request.Method, context.Request.Path, status, ex.Message);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json; charset=utf-8";
                var body = GraphError.Body(GraphError.CodeFor(status), ex.Message, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
                await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
            }
        }
    }

    private sealed record DirectoryListing(IReadOnlyList<EmulatedUser> Users, IReadOnlyList<EmulatedPstnNumber> PstnNumbers);

    private sealed record KeysRequest(string Keys, string? ParticipantId);

    private sealed record JoinRequest(string UserId, string? DisplayName);

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.ControlFailed, EventName = nameof(EmulatorEventIds.ControlFailed), Level = LogLevel.Information, Message = "Control {Method} {Path} failed with {Status}: {Reason}")]
        public static partial void ControlFailed(ILogger logger, string method, string path, int status, string reason);
    }
}
