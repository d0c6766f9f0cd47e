using System.Text.Json;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallingBot.Emulator.Media;

/// <summary>The media part of the control API: <c>/emulator/media</c> and <c>/emulator/calls/{id}/media…</c>.</summary>
internal sealed class MediaControlEndpoints(EmulatorMediaControl media)
{
    private const long MaxBodyBytes = 32 * 1024 * 1024;

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/emulator/media", context => RunAsync(context, () => Json(context, 200, media.DefaultOptions)));
        routes.MapPut("/emulator/media", context => RunAsync(context, async () =>
        {
            media.DefaultOptions = await ReadAsync<CallMediaOptions>(context);
            await Json(context, 200, media.DefaultOptions);
        }));
        routes.MapGet("/emulator/calls/{id}/media", context => RunAsync(context, () =>
            Json(context, 200, media.GetStatistics(Id(context)) ?? throw new KeyNotFoundException($"Call '{Id(context)}' has no media stream."))));
        routes.MapPut("/emulator/calls/{id}/media", context => RunAsync(context, async () =>
        {
            var options = await ReadAsync<CallMediaOptions>(context);
            media.Configure(Id(context), options);
            await Json(context, 200, options);
        }));
        routes.MapPut("/emulator/calls/{id}/media/source", context => RunAsync(context, async () =>
        {
            media.SetSource(Id(context), null, await ReadAsync<MediaSourceSpec>(context));
            context.Response.StatusCode = 204;
        }));
        routes.MapPut("/emulator/calls/{id}/media/participants/{participantId}/source", context => RunAsync(context, async () =>
        {
            media.SetSource(Id(context), (string)context.Request.RouteValues["participantId"]!, await ReadAsync<MediaSourceSpec>(context));
            context.Response.StatusCode = 204;
        }));
        routes.MapGet("/emulator/calls/{id}/media/received.wav", context => RunAsync(context, () => Wav(context, media.GetReceivedWav(Id(context)), "received.wav")));
        routes.MapGet("/emulator/calls/{id}/media/sent.wav", context => RunAsync(context, () => Wav(context, media.GetSentWav(Id(context)), "sent.wav")));
    }

    private static string Id(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    private static async Task<T> ReadAsync<T>(HttpContext context)
    {
        JsonContentType.Require(context.Request);
        var text = await JsonBody.ReadTextAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        try
        {
            return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(text) ? "{}" : text, ControlJson.Options)
                ?? throw new ArgumentException("The request body is required.");
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The request body is not valid: {exception.Message}", exception);
        }
    }

    private static async Task Json(HttpContext context, int status, object value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), ControlJson.Options, context.RequestAborted);
    }

    private static async Task Wav(HttpContext context, byte[] file, string name)
    {
        context.Response.ContentType = "audio/wav";
        context.Response.Headers.ContentDisposition = $"attachment; filename={name}";
        context.Response.ContentLength = file.Length;
        await context.Response.Body.WriteAsync(file, context.RequestAborted);
    }

    private static async Task RunAsync(HttpContext context, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (exception is ArgumentException or KeyNotFoundException or FormatException or IOException or GraphRequestException)
        {
            var status = exception switch
            {
                KeyNotFoundException => 404,
                GraphRequestException graph => graph.StatusCode,
                _ => 400,
            };
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json; charset=utf-8";
                var body = GraphError.Body(GraphError.CodeFor(status), exception.Message, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
                await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
            }
        }
    }
}
