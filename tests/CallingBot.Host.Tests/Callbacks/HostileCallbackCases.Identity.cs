using System.Net;
using System.Text;
using System.Text.Json;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// Validly signed notifications whose ids disagree with their resource URL, and notifications whose property names
/// repeat with another case. The SDK keys calls and participants on <c>resourceData.id</c> and reads property names
/// without regard to case (the last one wins), so each of these would act on something the shape check never saw.
/// </summary>
public static partial class HostileCallbackCases
{
    private static void AddResourceIdentityCases(Dictionary<string, HostileCase> cases)
    {
        void Bad(string name, Func<HostileCallbackFixture, string> body) =>
            cases.Add(name, new HostileCase(HttpStatusCode.BadRequest, f => f.PostAsync("Bearer " + f.ValidToken(), Encoding.UTF8.GetBytes(body(f)))));

        static string NewId() => Guid.NewGuid().ToString();

        // The call id in resourceData (where the SDK creates or keys the call) must be the one in resourceUrl.
        Bad("CreatedCallDataIdDiffersFromUrl", _ => Envelope("created", $"/communications/calls/{NewId()}", CallData(NewId(), "incoming")));
        Bad("CreatedCallDataIdWithCrLf", _ =>
        {
            var id = NewId();
            return Envelope("created", $"/communications/calls/{id}", CallDataRaw(Json(id + "\r\nX-Injected: 1"), "incoming"));
        });
        Bad("CreatedCallDataIdTraversal", _ =>
        {
            var id = NewId();
            return Envelope("created", $"/communications/calls/{id}", CallDataRaw(Json("../../applications/" + id), "incoming"));
        });
        Bad("CreatedCallDataIdWithQuery", _ =>
        {
            var id = NewId();
            return Envelope("created", $"/communications/calls/{id}", CallDataRaw(Json(id + "?$select=id"), "incoming"));
        });
        Bad("CreatedCallDataIdOverlong", _ => Envelope("created", $"/communications/calls/{NewId()}", CallDataRaw(Json(new string('a', 5000)), "incoming")));
        Bad("CreatedCallDataIdNotAString", _ => Envelope("created", $"/communications/calls/{NewId()}", CallDataRaw("42", "incoming")));
        Bad("CreatedCallODataIdOfAnotherCall", _ =>
        {
            var id = NewId();
            return Envelope("created", $"/communications/calls/{id}", $$"""{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/{{NewId()}}","id":"{{id}}","state":"incoming","direction":"incoming"}""");
        });
        Bad("UpdatedLiveCallDataIdOfAnotherCall", f => Envelope("updated", $"/communications/calls/{f.LiveCallId}", CallData(NewId(), "established")));
        Bad("DeletedLiveCallDataIdOfAnotherCall", f => Envelope("deleted", $"/communications/calls/{f.LiveCallId}", CallData(NewId(), "terminated")));
        Bad("CallUrlWithResourceDataArray", f => Envelope("deleted", $"/communications/calls/{f.LiveCallId}", "[" + CallData(f.LiveCallId, "terminated") + "]"));

        // Sub-resources: participants, the delta roster, operations, joining notifications.
        Bad("ParticipantIdWithCrLf", f => Envelope("updated", $"/communications/calls/{f.LiveCallId}/participants", $$"""[{{Participant(Json("p1\r\nX-Injected: 1"))}}]"""));
        Bad("ParticipantODataIdOfAnotherCall", f => Envelope("updated", $"/communications/calls/{f.LiveCallId}/participants", $$"""[{{Participant("\"p1\"", $"\"/communications/calls/{NewId()}/participants/p1\"")}}]"""));
        Bad("DeltaParticipantIdTraversal", f => Envelope("updated", $"/communications/calls/{f.LiveCallId}/participants", $$"""[{"@odata.type":"#microsoft.graph.deltaParticipants","sequenceNumber":99,"participants":[{{Participant("\"../p1\"")}}]}]"""));
        Bad("OperationDataIdDiffersFromUrl", f => Envelope("deleted", $"/communications/calls/{f.LiveCallId}/operations/op1", """{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op2","status":"completed","clientContext":"c1"}"""));
        Bad("OperationWithoutClientContext", f => Envelope("deleted", $"/communications/calls/{f.LiveCallId}/operations/op1", """{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op1","status":"completed","clientContext":null}"""));
        cases.Add("OperationTypeTheSdkCannotRead", new HostileCase(HttpStatusCode.Accepted, f => f.PostAsync("Bearer " + f.ValidToken(), Encoding.UTF8.GetBytes(
            Envelope("deleted", $"/communications/calls/{f.LiveCallId}/operations/op1", """{"@odata.type":"#microsoft.graph.muteParticipantsOperation","id":"op1","status":"completed","clientContext":"c1"}""")))));
        Bad("JoiningNotificationForAnotherCall", f => Envelope("updated", $"/communications/calls/{f.LiveCallId}", $$$"""{"@odata.type":"#microsoft.graph.participantJoiningNotification","call":{{{CallData(NewId(), "established")}}}}"""));
    }

    private static void AddDuplicatePropertyCases(Dictionary<string, HostileCase> cases)
    {
        void Bad(string name, Func<HostileCallbackFixture, string> body) =>
            cases.Add(name, new HostileCase(HttpStatusCode.BadRequest, f => f.PostAsync("Bearer " + f.ValidToken(), Encoding.UTF8.GetBytes(body(f)))));

        static string Batch(string notifications) =>
            $$"""{"@odata.type":"#microsoft.graph.commsNotifications","value":[{{notifications}}]}""";

        static string Harmless()
        {
            var id = Guid.NewGuid().ToString();
            return $$$"""{"changeType":"updated","resourceUrl":"/communications/calls/{{{id}}}","resourceData":{{{CallData(id, "established")}}}}""";
        }

        static string EndLive(HostileCallbackFixture f) => CallData(f.LiveCallId, "terminated");

        // The check reads the first spelling, the SDK the last: an "updated" the check saw would end the live call.
        Bad("ChangeTypeTwiceDifferentCase", f => Batch($$$"""{"changeType":"updated","ChangeType":"deleted","resourceUrl":"/communications/calls/{{{f.LiveCallId}}}","resourceData":{{{EndLive(f)}}}}"""));
        Bad("ResourceUrlTwiceDifferentCase", f => Batch($$$"""{"changeType":"deleted","resourceUrl":"/communications/calls/{{{Guid.NewGuid()}}}","ResourceUrl":"/communications/calls/{{{f.LiveCallId}}}","resourceData":{"@odata.type":"#microsoft.graph.call","state":"terminated"}}"""));
        Bad("ResourceDataTwiceDifferentCase", f => Batch($$$"""{"changeType":"updated","resourceUrl":"/communications/calls/{{{f.LiveCallId}}}","resourceData":{{{CallData(f.LiveCallId, "established")}}},"ResourceData":{{{EndLive(f)}}}}"""));
        Bad("ValueTwiceDifferentCase", f => $$$"""{"value":[{{{Harmless()}}}],"Value":[{"changeType":"deleted","resourceUrl":"/communications/calls/{{{f.LiveCallId}}}","resourceData":{{{EndLive(f)}}}}]}""");
        Bad("ODataTypeTwiceDifferentCase", f => Batch($$$"""{"changeType":"deleted","resourceUrl":"/communications/calls/{{{f.LiveCallId}}}","resourceData":{"@odata.type":"#microsoft.graph.call","@ODATA.TYPE":"#microsoft.graph.participant","id":"{{{f.LiveCallId}}}"}}"""));
        Bad("IdTwiceDifferentCase", f => Batch($$$"""{"changeType":"updated","resourceUrl":"/communications/calls/{{{f.LiveCallId}}}","resourceData":{"@odata.type":"#microsoft.graph.call","id":"{{{f.LiveCallId}}}","ID":"{{{Guid.NewGuid()}}}","state":"established"}}"""));
        Bad("NestedPropertyTwiceDifferentCase", f => Batch($$$$"""{"changeType":"updated","resourceUrl":"/communications/calls/{{{{f.LiveCallId}}}}","resourceData":{"@odata.type":"#microsoft.graph.call","id":"{{{{f.LiveCallId}}}}","resultInfo":{"code":200,"Code":500}}}"""));

        // A root holding resourceData (any case) makes the SDK read the root itself as the one notification.
        Bad("RootHoldsNotification", f => $$$"""{"value":[{{{Harmless()}}}],"changeType":"deleted","resourceUrl":"/communications/calls/{{{f.LiveCallId}}}","resourceData":{{{EndLive(f)}}}}""");
        Bad("RootHoldsNotificationOtherCase", f => $$$"""{"value":[{{{Harmless()}}}],"ChangeType":"deleted","ResourceUrl":"/communications/calls/{{{f.LiveCallId}}}","RESOURCEDATA":{{{EndLive(f)}}}}""");
    }

    private static string Json(string value) => JsonSerializer.Serialize(value);

    private static string CallDataRaw(string idJson, string state) =>
        $$"""{"@odata.type":"#microsoft.graph.call","id":{{idJson}},"state":"{{state}}","direction":"incoming"}""";

    private static string Participant(string idJson, string? odataIdJson = null) =>
        $$$$"""{"@odata.type":"#microsoft.graph.participant",{{{{(odataIdJson is null ? "" : $"\"@odata.id\":{odataIdJson},")}}}}"id":{{{{idJson}}}},"info":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u1","displayName":"U"}}},"isMuted":false,"isInLobby":false}""";
}
