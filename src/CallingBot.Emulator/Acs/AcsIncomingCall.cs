using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Acs;

/// <summary>An incoming call ringing the ACS resource until the bot answers, rejects or redirects it.</summary>
internal sealed record AcsIncomingCall(string IncomingCallContext, string CorrelationId, string ServerCallId, JsonObject From, JsonObject To, string? CallerDisplayName);
