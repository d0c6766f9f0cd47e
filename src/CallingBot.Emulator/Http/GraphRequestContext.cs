using System.Text.Json.Nodes;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Http;

/// <summary>An authenticated Graph request, its body parsed.</summary>
internal sealed record GraphRequestContext(
    AccessTokenPrincipal Principal,
    JsonObject Body,
    string RequestId,
    string ServiceRoot,
    string? CallId,
    string? ParticipantId,
    string? OperationId = null,
    string? ItemId = null)
{
    /// <summary>Throws 403 unless the caller holds one of <paramref name="permissions"/>.</summary>
    public void Require(params string[] permissions)
    {
        if (!Principal.HasAny(permissions))
        {
            throw GraphRequestException.Forbidden(
                $"Application {Principal.AppId} does not have any of the required permissions: {string.Join(", ", permissions)}.");
        }
    }
}
