using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;

namespace CallingBot.Emulator.Calls;

/// <summary>The participants of one call and the roster payloads Graph notifies. Part of <see cref="CallRecord"/>: used inside the call's lock.</summary>
internal sealed class CallRoster
{
    private int _nextSourceId = 1;

    public List<EmulatedParticipant> Participants { get; } = [];

    /// <summary>Sequence number of the last delta roster update.</summary>
    public int Sequence { get; private set; }

    /// <summary>Callees and invitees still ringing, and policy-group participants offered but not yet accepted: they count against the participant limit.</summary>
    public int PendingJoins { get; set; }

    public EmulatedParticipant? Bot => Participants.FirstOrDefault(p => p.IsBot);

    /// <summary>Whether no one but the bot is left.</summary>
    public bool OnlyBotLeft => Participants.All(p => p.IsBot);

    public static string NewParticipantId() => Guid.NewGuid().ToString();

    public EmulatedParticipant Add(IdentityRef identity, bool isBot = false, string? id = null, CalleeBehavior? behavior = null, IEnumerable<string>? modalities = null)
    {
        var participant = new EmulatedParticipant
        {
            Id = id ?? NewParticipantId(),
            Identity = identity,
            IsBot = isBot,
            Behavior = behavior,
            SourceIdBase = _nextSourceId,
            Modalities = modalities?.Where(m => m != "data").ToList() ?? ["audio"],
        };
        _nextSourceId += 10;
        Participants.Add(participant);
        return participant;
    }

    public EmulatedParticipant? Find(string? participantId) =>
        Participants.FirstOrDefault(p => string.Equals(p.Id, participantId, StringComparison.OrdinalIgnoreCase));

    /// <summary>How many more participants (besides the bot) the call can take, counting those still ringing.</summary>
    public int Room()
    {
        var present = 0;
        foreach (var participant in Participants)
        {
            if (!participant.IsBot)
            {
                present++;
            }
        }

        return EmulatorLimits.MaxParticipantsPerCall - present - PendingJoins;
    }

    /// <summary>
    /// The resource data of a roster notification: the whole list, or (with <paramref name="delta"/>) only
    /// <paramref name="changed"/> and the <paramref name="removed"/> ones, in one sequenced deltaParticipants update.
    /// </summary>
    public JsonArray Update(bool delta, IReadOnlyCollection<EmulatedParticipant>? changed, IReadOnlyCollection<EmulatedParticipant>? removed)
    {
        if (!delta)
        {
            var all = new JsonArray();
            foreach (var participant in Participants)
            {
                all.Add(CallResource.Participant(participant, false));
            }

            return all;
        }

        Sequence++;
        var items = new JsonArray();
        foreach (var participant in changed ?? Participants)
        {
            participant.RosterSequenceNumber = Sequence;
            items.Add(CallResource.Participant(participant, true));
        }

        foreach (var participant in removed ?? [])
        {
            participant.RosterSequenceNumber = Sequence;
            var item = CallResource.Participant(participant, true);
            item["removedState"] = new JsonObject { ["reason"] = "Removed from roster" };
            items.Add(item);
        }

        return new JsonArray(new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.deltaParticipants",
            ["participants"] = items,
            ["sequenceNumber"] = Sequence,
        });
    }

    /// <summary>The resource a GET of the participants collection returns.</summary>
    public JsonObject List(string callId, string serviceRoot)
    {
        var value = new JsonArray();
        foreach (var participant in Participants)
        {
            value.Add(CallResource.Participant(participant, false));
        }

        return new JsonObject
        {
            ["@odata.context"] = serviceRoot + $"$metadata#communications/calls('{callId}')/participants",
            ["value"] = value,
        };
    }
}
