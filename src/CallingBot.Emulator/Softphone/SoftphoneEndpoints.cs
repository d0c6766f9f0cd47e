using System.Reflection;
using System.Text.Json;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Diagnostics;
using CallingBot.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Softphone;

/// <summary>
/// The softphone page under <c>/emulator/softphone/</c>: its embedded assets (with a strict Content-Security-Policy: the
/// page loads nothing but these files and talks only to the emulator), the audio socket of a call's participant, and the
/// audio of service-hosted prompts. Protected like the control API: the request guard checks Host and Origin; the
/// audio socket, a GET, checks Origin itself.
/// </summary>
internal sealed partial class SoftphoneEndpoints(CallRegistry calls, SoftphoneRelay relay, PromptDirectoryList prompts, HostNames hosts, ILogger<SoftphoneEndpoints> logger)
{
    public const string Root = "/emulator/softphone/";

    /// <summary>The page's policy: its own scripts, styles, worklet and connections only; no inline code, no frames, no forms.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; media-src 'self' blob:; " +
        "worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["softphone.js"] = "text/javascript; charset=utf-8",
        ["audio-worklet.js"] = "text/javascript; charset=utf-8",
        ["softphone.css"] = "text/css; charset=utf-8",
        ["icon.svg"] = "image/svg+xml",
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        // Routing ignores a trailing slash: one route serves the page at /emulator/softphone/ and redirects to it without
        // the slash, so the page's relative addresses resolve under it.
        routes.MapGet("/emulator/softphone", context =>
        {
            if (!context.Request.Path.Value!.EndsWith('/'))
            {
                context.Response.Redirect(Root);
                return Task.CompletedTask;
            }

            return AssetAsync(context, "index.html");
        });
        routes.MapGet(Root + "promptDirectories", context => JsonAsync(context, 200, prompts.Current));
        routes.MapPut(Root + "promptDirectories", PutPromptDirectoriesAsync);
        routes.MapGet(Root + "{asset}", context => AssetAsync(context, (string)context.Request.RouteValues["asset"]!));
        // Browsers open WebSockets over HTTP/2 with CONNECT (RFC 8441), over HTTP/1.1 with GET.
        routes.MapMethods(Root + "calls/{id}/audio", [HttpMethods.Get, HttpMethods.Connect], AudioAsync);
        routes.MapGet(Root + "calls/{id}/prompts/{sequence:long}/{index:int}", context => PromptAsync(context, audio: false));
        routes.MapGet(Root + "calls/{id}/prompts/{sequence:long}/{index:int}/audio", context => PromptAsync(context, audio: true));
    }

    /// <summary>Adds the page's protective headers.</summary>
    public static void Protect(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
        response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
        response.Headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
        response.Headers.CacheControl = "no-cache";
    }

    private static async Task AssetAsync(HttpContext context, string name)
    {
        if (!Assets.TryGetValue(name, out var contentType))
        {
            await ErrorAsync(context, 404, "NotFound", $"The softphone has no file '{Shorten(name)}'.");
            return;
        }

        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CallingBot.Emulator.Softphone." + name)!;
        Protect(context.Response);
        context.Response.ContentType = contentType;
        context.Response.ContentLength = stream.Length;
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private async Task AudioAsync(HttpContext context)
    {
        var callId = (string)context.Request.RouteValues["id"]!;
        if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin && !hosts.IsAllowedOrigin(origin))
        {
            Log.OriginRefused(logger, Shorten(origin), callId);
            await ErrorAsync(context, 403, "Forbidden", $"Audio sockets from web pages of origin '{Shorten(origin)}' are refused. Add the page's host name to Emulator:AllowedHosts to allow it.");
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ErrorAsync(context, 400, "BadRequest", "This address takes a WebSocket: binary messages of 640 bytes (20 ms of 16 kHz mono 16-bit PCM) both ways.");
            return;
        }

        var requested = context.Request.Query["participantId"].ToString();
        string? refusal = null;
        var participantId = requested;
        if (requested.Length > EmulatorLimits.MaxIdLength || callId.Length > EmulatorLimits.MaxIdLength)
        {
            refusal = $"'participantId' and the call id must be at most {EmulatorLimits.MaxIdLength} characters.";
        }
        else if (calls.Find(callId) is not { } call)
        {
            refusal = $"Call '{callId}' was not found.";
        }
        else if (call.IsTerminated)
        {
            refusal = $"Call '{callId}' has ended.";
        }
        else
        {
            var snapshot = call.Snapshot();
            var speaker = requested.Length == 0
                ? snapshot.Participants.FirstOrDefault(p => !p.IsBot)
                : snapshot.Participants.FirstOrDefault(p => !p.IsBot && string.Equals(p.Id, requested, StringComparison.OrdinalIgnoreCase));
            if (speaker is null)
            {
                refusal = requested.Length == 0 ? $"Call '{callId}' has no participant besides the bot yet." : $"Participant '{requested}' is not a participant of call '{callId}' (or is the bot).";
            }
            else
            {
                participantId = speaker.Id;
            }
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await relay.RunAsync(socket, callId, participantId, refusal, () => calls.Find(callId)?.IsTerminated != false);
    }

    /// <summary>
    /// A prompt the bot asked the service to play in this call: its description (<c>uri</c>, <c>playable</c>, and the
    /// <c>reason</c> when it is not), or with <paramref name="audio"/> its audio as a 16 kHz mono WAV.
    /// </summary>
    private async Task PromptAsync(HttpContext context, bool audio)
    {
        var callId = (string)context.Request.RouteValues["id"]!;
        var sequence = long.Parse((string)context.Request.RouteValues["sequence"]!, System.Globalization.CultureInfo.InvariantCulture);
        var index = int.Parse((string)context.Request.RouteValues["index"]!, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var entry = (calls.Find(callId) ?? throw new KeyNotFoundException($"Call '{callId}' was not found.")).Timeline().FirstOrDefault(e => e.Sequence == sequence)
                ?? throw new KeyNotFoundException($"Call '{callId}' has no timeline entry {sequence} (it may have been dropped).");
            var uri = PromptAudio.PromptUri(entry, index);
            var (path, reason) = PromptAudio.Resolve(uri, prompts.Current);
            byte[]? wav = null;
            if (path is not null)
            {
                try
                {
                    wav = PromptAudio.Load(path);
                }
                catch (Exception exception) when (exception is ArgumentException or IOException or UnauthorizedAccessException)
                {
                    reason = exception.Message;
                }
            }

            if (wav is null)
            {
                Log.PromptUnavailable(logger, callId, sequence, index, reason ?? "");
            }

            Protect(context.Response);
            if (!audio)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                var description = new System.Text.Json.Nodes.JsonObject { ["uri"] = uri, ["playable"] = wav is not null, ["reason"] = wav is null ? reason : null };
                await context.Response.WriteAsync(description.ToJsonString(), context.RequestAborted);
                return;
            }

            if (wav is null)
            {
                await ErrorAsync(context, 404, "NotFound", reason ?? "The prompt cannot be played.");
                return;
            }

            context.Response.ContentType = "audio/wav";
            context.Response.ContentLength = wav.Length;
            await context.Response.Body.WriteAsync(wav, context.RequestAborted);
        }
        catch (KeyNotFoundException exception)
        {
            await ErrorAsync(context, 404, "NotFound", exception.Message);
        }
    }

    private async Task PutPromptDirectoriesAsync(HttpContext context)
    {
        try
        {
            JsonContentType.Require(context.Request);
            var text = await JsonBody.ReadTextAsync(context.Request, 256 * 1024, context.RequestAborted);
            List<PromptDirectory?>? entries;
            try
            {
                entries = JsonSerializer.Deserialize<List<PromptDirectory?>>(string.IsNullOrWhiteSpace(text) ? "null" : text, Control.ControlJson.Options);
            }
            catch (JsonException exception)
            {
                throw new ArgumentException($"The request body is not a list of {{\"uriPrefix\",\"directory\"}}: {exception.Message}", exception);
            }

            prompts.Replace(entries);
            await JsonAsync(context, 200, prompts.Current);
        }
        catch (ArgumentException exception)
        {
            await ErrorAsync(context, 400, "BadRequest", exception.Message);
        }
        catch (GraphRequestException exception)
        {
            await ErrorAsync(context, exception.StatusCode, GraphError.CodeFor(exception.StatusCode), exception.Message);
        }
    }

    private static async Task JsonAsync(HttpContext context, int status, object value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), Control.ControlJson.Options, context.RequestAborted);
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = GraphError.Body(code, message, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.SoftphonePromptUnavailable, EventName = nameof(EmulatorEventIds.SoftphonePromptUnavailable), Level = LogLevel.Debug, Message = "Prompt {Index} of timeline entry {Sequence} of call {CallId} cannot be played on the softphone: {Reason}")]
        public static partial void PromptUnavailable(ILogger logger, string callId, long sequence, int index, string reason);

        [LoggerMessage(EventId = EmulatorEventIds.SoftphoneOriginRefused, EventName = nameof(EmulatorEventIds.SoftphoneOriginRefused), Level = LogLevel.Warning, Message = "Refused a softphone audio socket of call {CallId} opened by a web page of origin '{Origin}'")]
        public static partial void OriginRefused(ILogger logger, string origin, string callId);
    }
}
