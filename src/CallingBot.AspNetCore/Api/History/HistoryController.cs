using System.Globalization;
using CallingBot.Core.Calls;
using CallingBot.History.Querying;
using CallingBot.History.Records;
using CallingBot.AspNetCore.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CallingBot.AspNetCore.Api.History;

/// <summary>The history of ended calls, from the history store (SQLite, PostgreSQL or memory: <c>CallingBot:History</c>).</summary>
[Route(ApiRoutes.History)]
[Tags("History")]
internal sealed class HistoryController(ICallHistoryReader history, ILogger<HistoryController> logger) : CallingBotApiController(logger)
{
    /// <summary>Calls a page holds when <c>pageSize</c> is not given.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The response header that carries the next page's token with a CSV page.</summary>
    public const string ContinuationHeader = "X-Continuation-Token";

    private static readonly string[] Outcomes = ["answered", "rejected", "redirected", "ignored", "placed", "undecided", "decision-failed"];

    /// <summary>
    /// Lists ended calls, newest first, one page at a time: JSON, or CSV with <c>Accept: text/csv</c> or <c>format=csv</c>
    /// (the next page's token is then in the <c>X-Continuation-Token</c> header).
    /// </summary>
    /// <param name="from">Calls that started at or after this time (ISO 8601; without an offset, UTC).</param>
    /// <param name="to">Calls that started before this time (ISO 8601); later than <paramref name="from"/>.</param>
    /// <param name="direction"><c>incoming</c> or <c>outgoing</c>.</param>
    /// <param name="outcome"><c>answered</c>, <c>rejected</c>, <c>redirected</c>, <c>ignored</c>, <c>placed</c>, <c>undecided</c> or <c>decision-failed</c>.</param>
    /// <param name="caller">The caller's phone number (E.164) or id; masked like the stored ids before it is compared. A masked value from a listing works too.</param>
    /// <param name="callee">One of the callees' phone numbers or ids, compared like <paramref name="caller"/>.</param>
    /// <param name="pageSize">Calls per page, 1 to 1000; default 100.</param>
    /// <param name="continuationToken">The <c>continuationToken</c> of the previous page.</param>
    /// <param name="format"><c>json</c> or <c>csv</c>; overrides the Accept header.</param>
    [HttpGet]
    [EndpointName("ListHistory")]
    [ProducesResponseType<HistoryPageModel>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> ListAsync(
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? direction,
        [FromQuery] string? outcome,
        [FromQuery] string? caller,
        [FromQuery] string? callee,
        [FromQuery] string? pageSize,
        [FromQuery] string? continuationToken,
        [FromQuery] string? format,
        CancellationToken cancellationToken)
    {
        var start = Time(from, nameof(from));
        var end = Time(to, nameof(to));
        if (start is { } s && end is { } e && e <= s)
        {
            ModelState.AddModelError(nameof(to), "'to' must be later than 'from'.");
        }

        var csv = WantsCsv(format);
        var query = new CallHistoryQuery
        {
            From = start,
            To = end,
            Direction = OneOf(direction, nameof(direction), ["incoming", "outgoing"]),
            Outcome = OneOf(outcome, nameof(outcome), Outcomes),
            Caller = Party(caller, nameof(caller)),
            Callee = Party(callee, nameof(callee)),
            Limit = PageSize(pageSize),
            After = Cursor(continuationToken),
        };
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        CallHistoryPage page;
        try
        {
            page = await history.QueryAsync(query, cancellationToken);
        }
        catch (CallHistoryUnavailableException)
        {
            return HistoryUnavailable();
        }

        var token = page.Next?.Encode();
        if (csv == true)
        {
            if (token is not null)
            {
                Response.Headers[ContinuationHeader] = token;
            }

            Response.Headers.ContentDisposition = "attachment; filename=\"callingbot-history.csv\"";
            return Content(HistoryCsv.Write(page.Entries), HistoryCsv.ContentType);
        }

        return Ok(new HistoryPageModel { Count = page.Entries.Count, Calls = page.Entries, ContinuationToken = token });
    }

    /// <summary>One ended call from the history.</summary>
    [HttpGet("{callId}")]
    [EndpointName("GetHistoryEntry")]
    [ProducesResponseType<CallHistoryEntry>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<CallHistoryEntry>> GetAsync(string callId, CancellationToken cancellationToken)
    {
        if (!ApiValidation.Id(callId, "callId", ModelState))
        {
            return ValidationProblem(ModelState);
        }

        try
        {
            if (await history.GetAsync(callId, cancellationToken) is { } entry)
            {
                return entry;
            }
        }
        catch (CallHistoryUnavailableException)
        {
            return HistoryUnavailable();
        }

        var problem = Problem(statusCode: StatusCodes.Status404NotFound, title: "Call not found", detail: $"The history holds no ended call with id '{callId}'.", type: ApiProblemTypes.CallNotFound);
        ((ProblemDetails)problem.Value!).Extensions["callId"] = callId;
        return problem;
    }

    private ObjectResult HistoryUnavailable() => Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Call history unavailable",
        detail: "The call history store could not be read; try again later. The bot's log says why (event 7030).",
        type: ApiProblemTypes.HistoryUnavailable);

    /// <summary>True for CSV, false for JSON; null (with the error recorded) for an unknown <c>format</c>.</summary>
    private bool? WantsCsv(string? format)
    {
        if (format is not null)
        {
            switch (format.Trim().ToLowerInvariant())
            {
                case "csv":
                    return true;
                case "json":
                    return false;
                default:
                    ModelState.AddModelError(nameof(format), "'format' must be 'json' or 'csv'.");
                    return null;
            }
        }

        if (!MediaTypeHeaderValue.TryParseList(Request.Headers.Accept, out var accepted))
        {
            return false;
        }

        // The first of the types this endpoint serves, by the client's preference: CSV only when asked for before JSON.
        foreach (var media in accepted.Where(m => m.Quality is not 0).OrderByDescending(m => m.Quality ?? 1))
        {
            if (media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.MatchesAllTypes || media.MatchesAllSubTypes)
            {
                return false;
            }
        }

        return false;
    }

    private DateTimeOffset? Time(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Length <= 64 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        ModelState.AddModelError(field, $"'{field}' must be an ISO 8601 date and time, for example 2026-03-02T09:00:00Z.");
        return null;
    }

    private string? OneOf(string? value, string field, string[] allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var normalized = value.Trim().ToLowerInvariant();
        if (allowed.Contains(normalized))
        {
            return normalized;
        }

        ModelState.AddModelError(field, $"'{field}' must be one of: {string.Join(", ", allowed)}.");
        return null;
    }

    /// <summary>A phone number (E.164), an id, or a masked value from a listing (<c>+*******0123</c>, <c>h:…</c>).</summary>
    private string? Party(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (PhoneNumber.IsE164(trimmed) || ApiValidation.IsId(trimmed) || IsMaskedNumber(trimmed))
        {
            return trimmed;
        }

        ModelState.AddModelError(field, $"'{field}' must be a phone number in E.164 form (+14255550123), an id of at most {ApiLimits.MaxIdLength} letters, digits and - _ . : @, or a masked value from a listing.");
        return null;
    }

    private static bool IsMaskedNumber(string value) =>
        value.Length is > 1 and <= 16 && value[0] == '+' && value.Skip(1).All(c => c == '*' || char.IsAsciiDigit(c));

    private int PageSize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultPageSize;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= CallHistoryQuery.MaxLimit)
        {
            return size;
        }

        ModelState.AddModelError("pageSize", $"'pageSize' must be a whole number from 1 to {CallHistoryQuery.MaxLimit}.");
        return DefaultPageSize;
    }

    private CallHistoryCursor? Cursor(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (CallHistoryCursor.TryDecode(token, out var cursor))
        {
            return cursor;
        }

        ModelState.AddModelError("continuationToken", "'continuationToken' is not a token this API returned.");
        return null;
    }
}
