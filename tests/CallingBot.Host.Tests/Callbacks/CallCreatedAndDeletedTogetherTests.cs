using System.Net;
using System.Text.Json.Nodes;
using CallingBot.Core.Manager;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// A call the caller abandons at once can reach the bot as its <c>created</c> and <c>deleted</c> notifications in one
/// batch (or back to back): the SDK raises the incoming call only after the webhook has answered, and the deleted one
/// waits in the SDK's backlog until then. The call must still be taken, ended and recorded, not dropped as ended.
/// </summary>
public sealed class CallCreatedAndDeletedTogetherTests(HostileCallbackFixture fixture) : IClassFixture<HostileCallbackFixture>
{
    [Fact]
    public async Task CreatedAndDeletedInOneBatch_TheCallIsRecordedInTheHistoryAndNotHeld()
    {
        var callId = Guid.NewGuid().ToString();
        var created = JsonNode.Parse(fixture.EndedCallCreatedBody.Replace(fixture.EndedCallId, callId, StringComparison.OrdinalIgnoreCase))!["value"]![0]!.DeepClone();
        var deleted = JsonNode.Parse(fixture.EndedCallDeletedBody.Replace(fixture.EndedCallId, callId, StringComparison.OrdinalIgnoreCase))!["value"]![0]!.DeepClone();
        var batch = new JsonObject { ["value"] = new JsonArray(created, deleted) };

        using var response = await fixture.PostAsync("Bearer " + fixture.ValidToken(), batch.ToJsonString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var history = fixture.Bot.Services.GetRequiredService<ICallHistory>();
        var record = await Eventually.UntilAsync(() => history.Recent(1000).FirstOrDefault(r => r.CallId == callId), "the abandoned call recorded in the history");
        Assert.Null(record.EstablishedAt);
        // The history record is written as the call ends, a moment before the manager lets the call go.
        await Eventually.UntilAsync(() => fixture.Bot.Manager.GetCall(callId) is null, "the abandoned call released by the call manager");
    }
}
