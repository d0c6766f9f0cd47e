using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>What the bot's answer request asked for, validated.</summary>
internal sealed record AnswerSettings(
    List<string> AcceptedModalities,
    JsonObject MediaConfig,
    Uri? CallbackUri,
    JsonObject? CallOptions,
    bool DeltaRoster,
    bool ContentSharingNotifications,
    int ParticipantCapacity);
