using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// The control side of the emulated ACS resource (unsigned, like the rest of <c>/emulator</c>): create an Event Grid
/// subscription, place an incoming call, press keys, hang up as the remote party.
/// </summary>
internal sealed partial class AcsEndpoints
{
    private void MapControl(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/emulator/acs/eventSubscriptions", async context =>
        {
            var request = await ReadControlAsync(context).ConfigureAwait(false);
            var name = (string?)request?["name"];
            if (string.IsNullOrWhiteSpace(name) || !Uri.TryCreate((string?)request?["endpointUrl"], UriKind.Absolute, out var endpoint))
            {
                await WriteAsync(context, AcsError.BadRequest("name and an absolute endpointUrl are required.", "endpointUrl")).ConfigureAwait(false);
                return;
            }

            var failure = await SubscribeAsync(name, endpoint, context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(context, failure is null ? new AcsResult(StatusCodes.Status201Created, null) : AcsError.BadRequest(failure, "endpointUrl")).ConfigureAwait(false);
        });
        routes.MapPost("/emulator/acs/incomingCalls", async context =>
        {
            var request = await ReadControlAsync(context).ConfigureAwait(false);
            var from = (string?)request?["from"];
            var to = (string?)request?["to"];
            if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
            {
                await WriteAsync(context, AcsError.BadRequest("from and to (raw ids: 8:acs:… or +E164) are required.", "from")).ConfigureAwait(false);
                return;
            }

            var placed = await PlaceIncomingCallAsync(from, to, (string?)request?["callerDisplayName"], context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(context, new AcsResult(placed.Delivered > 0 ? StatusCodes.Status201Created : StatusCodes.Status409Conflict, new JsonObject { ["correlationId"] = placed.CorrelationId, ["deliveredTo"] = placed.Delivered }.ToJsonString())).ConfigureAwait(false);
        });
        routes.MapPost("/emulator/acs/callConnections/{callConnectionId}/tones", async context =>
        {
            var request = await ReadControlAsync(context).ConfigureAwait(false);
            var id = (string)context.Request.RouteValues["callConnectionId"]!;
            var error = PressKeys(id, (string?)request?["tones"] ?? string.Empty);
            await WriteAsync(context, error is null ? new AcsResult(StatusCodes.Status202Accepted, null) : AcsError.BadRequest(error, "tones")).ConfigureAwait(false);
        });
        routes.MapPost("/emulator/acs/callConnections/{callConnectionId}/participants/mute", async context =>
        {
            var request = await ReadControlAsync(context).ConfigureAwait(false);
            var id = (string)context.Request.RouteValues["callConnectionId"]!;
            var participant = (string?)request?["participant"];
            var muted = request?["muted"] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : (bool?)null;
            if (string.IsNullOrWhiteSpace(participant) || muted is null)
            {
                await WriteAsync(context, AcsError.BadRequest("participant (a raw id: 8:acs:… or +E164) and muted (true or false) are required.", "participant")).ConfigureAwait(false);
                return;
            }

            var error = SetMuted(id, participant, muted.Value);
            await WriteAsync(context, error is null ? new AcsResult(StatusCodes.Status202Accepted, null) : AcsError.BadRequest(error, "participant")).ConfigureAwait(false);
        });
        routes.MapPost("/emulator/acs/callConnections/{callConnectionId}/hangUp", context =>
        {
            var id = (string)context.Request.RouteValues["callConnectionId"]!;
            return WriteAsync(context, Disconnect(id) ? new AcsResult(StatusCodes.Status202Accepted, null) : NotFound(id));
        });
    }

    internal Task<string?> SubscribeAsync(string name, Uri endpoint, CancellationToken cancellationToken) =>
        _eventGrid.SubscribeAsync(name, endpoint, cancellationToken);

    /// <summary>Rings the resource: keeps the call for answer and delivers IncomingCall to every subscription.</summary>
    internal async Task<(string CorrelationId, int Delivered)> PlaceIncomingCallAsync(string from, string to, string? callerDisplayName, CancellationToken cancellationToken)
    {
        var correlationId = Guid.NewGuid().ToString();
        var serverCallId = AcsCallRegistry.ServerCallIdFor(correlationId);
        var context = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var incoming = new AcsIncomingCall(context, correlationId, serverCallId, Identifier(from), Identifier(to), callerDisplayName);
        _registry.Ring(incoming);
        var data = new JsonObject
        {
            ["to"] = incoming.To.DeepClone(),
            ["from"] = incoming.From.DeepClone(),
            ["serverCallId"] = serverCallId,
            ["callerDisplayName"] = callerDisplayName ?? string.Empty,
            ["incomingCallContext"] = context,
            ["correlationId"] = correlationId,
        };
        var delivered = await _eventGrid.PublishIncomingCallAsync(data, $"/caller/{from}/recipient/{to}", cancellationToken).ConfigureAwait(false);
        return (correlationId, delivered);
    }

    /// <summary>The caller presses <paramref name="tones"/>: a ContinuousDtmfRecognitionToneReceived per key while recognition runs.</summary>
    internal string? PressKeys(string callConnectionId, string tones)
    {
        if (_registry.Find(callConnectionId) is not { } call)
        {
            return $"Call connection '{callConnectionId}' was not found.";
        }

        if (tones.Length == 0 || tones.Any(t => ToneName(t) is null))
        {
            return "tones must be one or more of 0-9, *, #, A-D.";
        }

        lock (call)
        {
            if (!call.ToneRecognitionActive)
            {
                return "The bot has not started continuous DTMF recognition on this call; the keys would be lost.";
            }

            foreach (var tone in tones)
            {
                var extra = new JsonObject
                {
                    ["tone"] = ToneName(tone),
                    ["sequenceId"] = ++call.ToneSequence,
                    ["operationContext"] = call.ToneRecognitionContext,
                };
                _publisher.Publish(call, "ContinuousDtmfRecognitionToneReceived", Success, extra);
            }
        }

        return null;
    }

    internal bool HangUpRemote(string callConnectionId) => Disconnect(callConnectionId);

    /// <summary>A participant mutes or unmutes itself: ParticipantsUpdated when its state changed; an error when it is not in the call.</summary>
    internal string? SetMuted(string callConnectionId, string participant, bool muted)
    {
        if (_registry.Find(callConnectionId) is not { } call)
        {
            return $"Call connection '{callConnectionId}' was not found.";
        }

        var identifier = Identifier(participant);
        if (!call.Roster.IsMuted(identifier, out var was))
        {
            return $"'{participant}' is not a participant of call connection '{callConnectionId}'.";
        }

        if (was != muted)
        {
            call.Roster.SetMuted(identifier, muted);
            PublishRoster(call);
        }

        return null;
    }

    internal AcsCallConnection? FindCall(string callConnectionId) => _registry.FindAny(callConnectionId);

    internal AcsCallConnection? FindByCorrelationId(string correlationId) => _registry.FindByCorrelationId(correlationId);

    private static string? ToneName(char tone) => char.ToUpperInvariant(tone) switch
    {
        '0' => "zero",
        '1' => "one",
        '2' => "two",
        '3' => "three",
        '4' => "four",
        '5' => "five",
        '6' => "six",
        '7' => "seven",
        '8' => "eight",
        '9' => "nine",
        '*' => "asterisk",
        '#' => "pound",
        'A' => "a",
        'B' => "b",
        'C' => "c",
        'D' => "d",
        _ => null,
    };

    /// <summary>A CommunicationIdentifierModel from a raw id: <c>+…</c> is a phone number, anything else a communication user.</summary>
    private static JsonObject Identifier(string rawId) => rawId.StartsWith('+')
        ? new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:" + rawId, ["phoneNumber"] = new JsonObject { ["value"] = rawId } }
        : new JsonObject { ["kind"] = "communicationUser", ["rawId"] = rawId, ["communicationUser"] = new JsonObject { ["id"] = rawId } };

    private async Task<JsonObject?> ReadControlAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        return body is null ? null : Parse(body);
    }
}
