using System.Buffers;
using System.Text;
using CallingBot.Graph.Notifications;
using CallingBot.Host.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Callbacks;

/// <summary>
/// The bot's calling webhook: Graph (or the emulator) POSTs commsNotifications here. The bearer token is validated
/// before a single byte of the body is read; the body is bounded and handed to the SDK.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed partial class CallbackController(
    CallbackTokenValidator validator,
    GraphNotificationProcessor processor,
    IOptions<CallbackAuthenticationOptions> options,
    ILogger<CallbackController> logger) : ControllerBase
{
    /// <summary>Path of the calling webhook; register <c>https://{your host}/api/calling</c> with the bot.</summary>
    public const string Path = "/api/calling";

    [HttpPost(Path)]
    public async Task<IActionResult> ReceiveAsync(CancellationToken cancellationToken)
    {
        var authentication = await validator.ValidateAsync(Request.Headers.Authorization.ToString(), cancellationToken);
        if (!authentication.Succeeded)
        {
            Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{authentication.Reason}\"";
            return Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: authentication.Reason);
        }

        if (Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Notifications must be application/json.");
        }

        var limit = options.Value.MaxBodyBytes;
        if (Request.ContentLength is { } declared && declared > limit)
        {
            return Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"Notifications are limited to {limit} bytes.");
        }

        var body = await ReadBoundedAsync(Request.Body, limit, cancellationToken);
        if (body is null)
        {
            return Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"Notifications are limited to {limit} bytes.");
        }

        if (!NotificationShape.IsPlausible(body, out var shapeError))
        {
            Log.Malformed(logger, shapeError);
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed notification", detail: shapeError);
        }

        var requestId = ReadGuidHeader("client-request-id");
        var scenarioId = ReadGuidHeader("scenario-id");
        var uri = new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}{Request.Path}");
        var outcome = processor.Process(uri, body, authentication.TenantId!, requestId, scenarioId);
        if (outcome.StatusCode >= 400)
        {
            return Problem(statusCode: outcome.StatusCode, title: "Notification not processed", detail: outcome.Error);
        }

        return outcome.ResponseJson is null
            ? StatusCode(outcome.StatusCode)
            : Content(outcome.ResponseJson, "application/json", Encoding.UTF8);
    }

    private Guid ReadGuidHeader(string name) =>
        Guid.TryParse(Request.Headers[name].ToString(), out var value) ? value : Guid.NewGuid();

    private static async Task<string?> ReadBoundedAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var collected = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (collected.Length + read > limit)
                {
                    return null;
                }

                collected.Write(buffer, 0, read);
            }

            return Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3100, LogLevel.Warning, "Notification rejected before the SDK: {Reason}", EventName = "NotificationRejected")]
        public static partial void Malformed(ILogger logger, string reason);
    }
}
