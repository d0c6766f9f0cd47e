using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>An operation the call accepted: the operation resource to answer with, and what follows once the response has been written.</summary>
internal sealed record OperationStart(JsonObject Body, Action AfterResponse);
