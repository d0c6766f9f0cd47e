using System.Text.Json;

namespace CallingBot.Core.Meetings;

/// <summary>
/// Parses a Teams meeting join URL
/// (<c>https://teams.microsoft.com/l/meetup-join/{thread}/{message}?context={"Tid":"…","Oid":"…"}</c>)
/// into meeting coordinates.
/// </summary>
public static class TeamsJoinUrl
{
    private const int MaxLength = 4096;
    private const string PathMarker = "/l/meetup-join/";

    public static MeetingCoordinates Parse(string joinUrl)
    {
        if (TryParse(joinUrl, out var coordinates, out var error))
        {
            return coordinates;
        }

        throw new FormatException(error);
    }

    public static bool TryParse(string? joinUrl, out MeetingCoordinates coordinates, out string error)
    {
        coordinates = null!;
        if (string.IsNullOrWhiteSpace(joinUrl))
        {
            error = "The join URL is empty.";
            return false;
        }

        if (joinUrl.Length > MaxLength)
        {
            error = $"The join URL is longer than {MaxLength} characters.";
            return false;
        }

        if (!Uri.TryCreate(joinUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            error = "The join URL is not an absolute https URL.";
            return false;
        }

        var path = uri.AbsolutePath;
        var marker = path.IndexOf(PathMarker, StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
        {
            error = "The join URL has no '/l/meetup-join/' path; copy the link from the meeting invitation.";
            return false;
        }

        var segments = path[(marker + PathMarker.Length)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            error = "The join URL lacks the thread id and message id after '/l/meetup-join/'.";
            return false;
        }

        var threadId = Uri.UnescapeDataString(segments[0]);
        var messageId = Uri.UnescapeDataString(segments[1]);
        if (!threadId.StartsWith("19:", StringComparison.Ordinal) || !threadId.Contains('@', StringComparison.Ordinal))
        {
            error = $"The thread id '{threadId}' is not a Teams chat thread id (19:…@thread…).";
            return false;
        }

        var context = ReadQueryValue(uri.Query, "context");
        if (context is null)
        {
            error = "The join URL has no 'context' parameter with the tenant and organizer.";
            return false;
        }

        string? tenant;
        string? organizer;
        string? replyChain;
        try
        {
            using var document = JsonDocument.Parse(context, new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The join URL's context is not a JSON object.";
                return false;
            }

            tenant = ReadString(document.RootElement, "Tid");
            organizer = ReadString(document.RootElement, "Oid");
            replyChain = ReadString(document.RootElement, "MessageId");
        }
        catch (JsonException)
        {
            error = "The join URL's context is not valid JSON.";
            return false;
        }

        if (!Guid.TryParse(tenant, out _))
        {
            error = "The join URL's context has no valid tenant id (Tid).";
            return false;
        }

        if (!Guid.TryParse(organizer, out _))
        {
            error = "The join URL's context has no valid organizer id (Oid).";
            return false;
        }

        coordinates = new MeetingCoordinates(threadId, messageId, organizer!, tenant!, replyChain);
        error = string.Empty;
        return true;
    }

    /// <summary>Builds the join URL for coordinates (the inverse of <see cref="Parse"/>).</summary>
    public static string Format(MeetingCoordinates coordinates, string host = "teams.microsoft.com")
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        var context = coordinates.ReplyChainMessageId is null
            ? JsonSerializer.Serialize(new Dictionary<string, string> { ["Tid"] = coordinates.TenantId, ["Oid"] = coordinates.OrganizerId })
            : JsonSerializer.Serialize(new Dictionary<string, string> { ["Tid"] = coordinates.TenantId, ["Oid"] = coordinates.OrganizerId, ["MessageId"] = coordinates.ReplyChainMessageId });
        return $"https://{host}/l/meetup-join/{Uri.EscapeDataString(coordinates.ThreadId)}/{Uri.EscapeDataString(coordinates.MessageId)}?context={Uri.EscapeDataString(context)}";
    }

    private static string? ReadQueryValue(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            if (string.Equals(Uri.UnescapeDataString(key), name, StringComparison.OrdinalIgnoreCase))
            {
                return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }

    private static string? ReadString(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }
}
