using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>The <c>applicationMetadata.botData</c> a policy-based recording invitation carries when the scenario gives none.</summary>
internal static class PolicyBotData
{
    public static JsonObject Default(IdentityRef observed, string participantId, string tenantId) => new()
    {
        ["mediaHostedRegion"] = "USEA",
        ["user"] = new JsonObject { ["participationMethod"] = "callee", ["clientLocation"] = "US" },
        ["otherSideUser"] = new JsonObject
        {
            ["id"] = observed.Id,
            ["participantId"] = participantId,
            ["tenantId"] = tenantId,
            ["onBehalfOf"] = new JsonObject { ["id"] = observed.Id },
            ["participationMethod"] = "caller",
            ["clientLocation"] = "US",
        },
        ["inviteReasons"] = new JsonArray("PolicyBasedRecording"),
        ["policyIdentifier"] = "Emulated Recording Policy",
        ["pairedRecorders"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["participantId"] = Guid.NewGuid().ToString() }),
        ["otherRecorders"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["participantId"] = Guid.NewGuid().ToString() }),
    };
}
