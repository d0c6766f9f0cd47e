using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Emulator.Acs;

/// <summary>Writes errors in the Communication Services shape: <c>{"error":{"code","message","target"}}</c>.</summary>
internal static class AcsError
{
    public static JsonObject Body(string code, string message, string? target = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (target is not null)
        {
            error["target"] = target;
        }

        return new JsonObject { ["error"] = error };
    }

    public static AcsResult Result(int status, string code, string message, string? target = null) =>
        new(status, Body(code, message, target).ToJsonString());

    public static AcsResult BadRequest(string message, string target) =>
        Result(StatusCodes.Status400BadRequest, "BadRequest", message, target);
}
