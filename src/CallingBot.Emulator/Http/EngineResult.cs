using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Http;

/// <summary>
/// What a Graph operation produced: the HTTP status and body, the call it concerns, and work (notifications)
/// that must happen only after the response has been written.
/// </summary>
internal sealed record EngineResult(int Status, JsonNode? Body = null, string? CallId = null, string? Location = null, Action? AfterResponse = null);
