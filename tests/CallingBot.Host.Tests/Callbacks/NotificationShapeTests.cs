using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Core.Registry;
using CallingBot.AspNetCore.Callbacks;

using static CallingBot.Host.Tests.Callbacks.NotificationBatches;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// The structural check of notification batches: what it hands to the SDK, what it drops as ignored, and what it
/// refuses, in particular ids that disagree with the resource URL and property names repeated with another case.
/// </summary>
public sealed class NotificationShapeTests
{

    private static string Participant(string id, string extra = "") =>
        $$"""{"@odata.type":"#microsoft.graph.participant","id":"{{id}}","isMuted":false,"isInLobby":false{{extra}}}""";

    private static NotificationInspection Inspect(string body, Func<string, bool>? isEndedCall = null) =>
        NotificationShape.Inspect(Encoding.UTF8.GetBytes(body), isEndedCall is null ? null : id => isEndedCall(id) ? CallStatus.Ended : CallStatus.Unknown);

    private static JsonArray SdkNotifications(NotificationInspection inspection) =>
        JsonNode.Parse(inspection.Body!)!["value"]!.AsArray();

    [Theory]
    [InlineData("/communications/onlineMeetings/m-1")]
    [InlineData("/communications/presences/m-1")]
    [InlineData("/communications/callRecords/m-1")]
    [InlineData("/communications/calls")]
    [InlineData("/users/u-1")]
    [InlineData("/app/calls/c-1")]
    public void Inspect_ResourceOtherThanACall_IsIgnoredAndNothingReachesTheSdk(string resourceUrl)
    {
        var inspection = Inspect(Batch(Notification("deleted", resourceUrl, Call(CallId, "terminated"))));

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(0, inspection.Accepted);
        Assert.Null(inspection.Body);
        Assert.Equal($"resource {resourceUrl}", Assert.Single(inspection.Ignored));
        Assert.Empty(inspection.DeletedCallIds);
    }

    [Theory]
    [InlineData("#microsoft.graph.somethingNew")]
    [InlineData("#microsoft.graph.onlineMeeting")]
    [InlineData("#evil.call")]
    [InlineData("microsoft.graph.call")]
    [InlineData("#MICROSOFT.GRAPH.CALL")]
    [InlineData("#microsoft.graph.muteParticipantsOperation")]
    public void Inspect_UnknownResourceTypeOnACallResource_IsIgnored(string type)
    {
        var inspection = Inspect(Batch(Notification("deleted", CallPath, Call(CallId, "terminated").Replace("#microsoft.graph.call", type, StringComparison.Ordinal))));

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(0, inspection.Accepted);
        Assert.Null(inspection.Body);
        Assert.Equal($"type {type}", Assert.Single(inspection.Ignored));
        Assert.Empty(inspection.DeletedCallIds);
    }

    [Fact]
    public void Inspect_MixedBatch_HandsOnlyTheCallNotificationsToTheSdk()
    {
        var inspection = Inspect(Batch(
            Notification("updated", "/communications/onlineMeetings/m1", """{"@odata.type":"#microsoft.graph.onlineMeeting","id":"m1"}"""),
            Notification("updated", CallPath, Call(CallId)),
            Notification("updated", CallPath, Call(CallId).Replace("#microsoft.graph.call", "#microsoft.graph.futureThing", StringComparison.Ordinal))));

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(1, inspection.Accepted);
        Assert.Equal(["resource /communications/onlineMeetings/m1", "type #microsoft.graph.futureThing"], inspection.Ignored);
        var kept = Assert.Single(SdkNotifications(inspection));
        Assert.Equal(CallPath, kept!["resourceUrl"]!.GetValue<string>());
        Assert.Equal("#microsoft.graph.call", kept["resourceData"]!["@odata.type"]!.GetValue<string>());
    }

    [Fact]
    public void Inspect_NothingIgnored_HandsTheOriginalTextToTheSdk()
    {
        var body = Batch(Notification("updated", CallPath, Call(CallId)));

        var inspection = Inspect(body);

        Assert.Equal(body, inspection.Body);
        Assert.Equal(1, inspection.Accepted);
        Assert.Empty(inspection.Ignored);
    }

    [Fact]
    public void Inspect_CallThatAlreadyEnded_IsIgnored()
    {
        var inspection = Inspect(Batch(Notification("updated", CallPath + "/participants", $"[{Participant("p1")}]")), id => id == CallId);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(0, inspection.Accepted);
        Assert.Equal("call that already ended", Assert.Single(inspection.Ignored));
    }

    [Fact]
    public void Inspect_CreatedForACallTheBotHolds_IsIgnoredAndItsUpdatesAreNot()
    {
        var body = Batch(
            Notification("created", CallPath, Call(CallId, "incoming")),
            Notification("updated", CallPath, Call(CallId)),
            Notification("created", "/communications/calls/" + OtherCallId, Call(OtherCallId, "incoming")));

        var inspection = NotificationShape.Inspect(Encoding.UTF8.GetBytes(body), id => id == CallId ? CallStatus.Live : CallStatus.Unknown);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal("repeated creation of a call the bot holds", Assert.Single(inspection.Ignored));
        Assert.Equal(["updated", "created"], SdkNotifications(inspection).Select(n => (string)n!["changeType"]!));
        Assert.Equal(OtherCallId, (string)SdkNotifications(inspection)[1]!["resourceData"]!["id"]!);
    }

    [Fact]
    public void Inspect_DeletedCall_IsReportedButADeletedOperationIsNot()
    {
        var inspection = Inspect(Batch(
            Notification("deleted", CallPath, Call(CallId, "terminated")),
            Notification("deleted", $"/communications/calls/{OtherCallId}/operations/op1", $$"""{"@odata.type":"#microsoft.graph.playPromptOperation","@odata.id":"/communications/calls/{{OtherCallId}}/operations/op1","id":"op1","status":"completed","clientContext":"c1"}""")));

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(2, inspection.Accepted);
        Assert.Equal([CallId], inspection.DeletedCallIds);
    }

    [Fact]
    public void Inspect_BatchAboutSeveralCalls_NamesEachAcceptedCallOnceInOrder()
    {
        var inspection = Inspect(Batch(
            Notification("updated", CallPath, Call(CallId)),
            Notification("updated", $"/communications/calls/{OtherCallId}/participants", $"[{Participant("p1")}]"),
            Notification("updated", CallPath.ToUpperInvariant() + "/participants", $"[{Participant("p2")}]"),
            Notification("updated", "/communications/onlineMeetings/m1", """{"@odata.type":"#microsoft.graph.onlineMeeting","id":"m1"}""")));

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal([CallId, OtherCallId], inspection.CallIds);
    }

    [Fact]
    public void Inspect_OnlyIgnoredNotifications_NamesNoCall()
    {
        var inspection = Inspect(Batch(Notification("updated", CallPath + "/participants", $"[{Participant("p1")}]")), id => id == CallId);

        Assert.Empty(inspection.CallIds);
    }

    public static TheoryData<string, string> GenuineNotifications() => new()
    {
        { "incoming call, Graph's @odata.id path", Notification("created", CallPath, Call(CallId, "incoming")) },
        { "call without id or @odata.id", Notification("updated", CallPath, """{"@odata.type":"#microsoft.graph.call","state":"establishing"}""") },
        { "uppercase ids as in Graph's examples", Notification("created", "/communications/calls/57DAB8B1894C409AB240BD8BEAE78896", Call("57DAB8B1894C409AB240BD8BEAE78896", "incoming")) },
        { "absolute @odata.id with a version", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","@odata.id":"https://graph.microsoft.com/v1.0{{CallPath}}","id":"{{CallId}}","state":"established"}""") },
        { "tone", Notification("updated", CallPath, Call(CallId, extra: ""","toneInfo":{"@odata.type":"#microsoft.graph.toneInfo","tone":"tone5","sequenceId":3}""")) },
        { "roster", Notification("updated", CallPath + "/participants", $"[{Participant("p1")},{Participant("p2", $",\"@odata.id\":\"{CallPath}/participants/p2\"")}]") },
        { "delta roster", Notification("updated", CallPath + "/participants", $$"""[{"@odata.type":"#microsoft.graph.deltaParticipants","sequenceNumber":2,"participants":[{{Participant("p1")}}]}]""") },
        { "operation", Notification("deleted", CallPath + "/operations/op1", $$"""{"@odata.type":"#microsoft.graph.playPromptOperation","@odata.id":"{{CallPath}}/operations/op1","id":"op1","status":"completed","clientContext":"c1"}""") },
        { "single participant", Notification("updated", CallPath + "/participants/p1", Participant("p1")) },
        { "content sharing", Notification("created", CallPath + "/contentsharingsessions", """[{"@odata.type":"#microsoft.graph.contentSharingSession","id":"F7D9EF30FF0A9BD3F64B274387FB8FF8E96B6CFBA8F87F8305A74DE99AF007BC"}]""") },
        { "joining participant", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.participantJoiningNotification","call":{{Call(CallId)}}}""") },
        { "participant left", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.participantLeftNotification","participantId":"p1","call":{{Call(CallId)}}}""") },
    };

    [Theory]
    [MemberData(nameof(GenuineNotifications))]
    public void Inspect_GenuineNotification_IsHandedToTheSdk(string description, string notification)
    {
        var inspection = Inspect(Batch(notification));

        Assert.True(inspection.IsValid, $"{description}: {inspection.Error}");
        Assert.Equal(1, inspection.Accepted);
        Assert.Empty(inspection.Ignored);
    }

    public static TheoryData<string, string, bool> Versioning() => new()
    {
        { "incoming call", Notification("created", CallPath, Call(CallId, "incoming")), true },
        { "deleted call", Notification("deleted", CallPath, Call(CallId, "terminated")), true },
        { "state with an etag", Notification("updated", CallPath, Call(CallId, extra: ",\"@odata.etag\":\"W/\\\"7\\\"\"")), true },
        { "state without an etag", Notification("updated", CallPath, Call(CallId)), false },
        { "state with an empty etag", Notification("updated", CallPath, Call(CallId, extra: ",\"@odata.etag\":\"\"")), false },
        { "operation", Notification("updated", CallPath + "/operations/op1", """{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op1","status":"running","clientContext":"c1"}"""), true },
        { "joining participant", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.participantJoiningNotification","call":{{Call(CallId)}}}"""), true },
        { "participant left", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.participantLeftNotification","participantId":"p1"}"""), true },
        { "delta roster page", Notification("updated", CallPath + "/participants", $$"""[{"@odata.type":"#microsoft.graph.deltaParticipants","sequenceNumber":4,"participants":[{{Participant("p1")}}]}]"""), true },
        { "delta roster page without a sequence", Notification("updated", CallPath + "/participants", $$"""[{"@odata.type":"#microsoft.graph.deltaParticipants","participants":[{{Participant("p1")}}]}]"""), false },
        { "full roster", Notification("updated", CallPath + "/participants", $"[{Participant("p1")}]"), false },
        { "content sharing update", Notification("updated", CallPath + "/contentsharingsessions", """[{"@odata.type":"#microsoft.graph.contentSharingSession","id":"s1"}]"""), false },
    };

    [Theory]
    [MemberData(nameof(Versioning))]
    public void Inspect_Notification_IsVersionedOnlyWhenItNamesOneEvent(string description, string notification, bool expected)
    {
        var inspection = Inspect(Batch(notification));

        Assert.True(inspection.IsValid, $"{description}: {inspection.Error}");
        Assert.Equal(expected, inspection.IsVersioned);
    }

    [Fact]
    public void Inspect_BatchWithOneSnapshot_IsNotVersioned()
    {
        var inspection = Inspect(Batch(Notification("created", CallPath, Call(CallId, "incoming")), Notification("updated", CallPath + "/participants", $"[{Participant("p1")}]")));

        Assert.Equal(2, inspection.Accepted);
        Assert.False(inspection.IsVersioned);
    }

    public static TheoryData<string, string, string> MismatchedIds() => new()
    {
        { "call id differs", Notification("created", CallPath, Call(OtherCallId, "incoming").Replace($"\"@odata.id\":\"/communications/calls/{OtherCallId}\",", "", StringComparison.Ordinal)), "value[0].resourceData.id" },
        { "call id with CR/LF", Notification("created", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","id":"{{CallId}}\r\nX: 1","state":"incoming"}"""), "value[0].resourceData.id" },
        { "call id with traversal", Notification("created", CallPath, """{"@odata.type":"#microsoft.graph.call","id":"../../applications","state":"incoming"}"""), "value[0].resourceData.id" },
        { "call id with a query", Notification("created", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","id":"{{CallId}}?$select=id","state":"incoming"}"""), "value[0].resourceData.id" },
        { "call id of 5000 characters", Notification("created", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","id":"{{new string('a', 5000)}}","state":"incoming"}"""), "value[0].resourceData.id" },
        { "call id differs only in case", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","id":"{{CallId.ToUpperInvariant()}}","state":"established"}"""), "value[0].resourceData.id" },
        { "call id is a number", Notification("created", CallPath, """{"@odata.type":"#microsoft.graph.call","id":42,"state":"incoming"}"""), "value[0].resourceData.id" },
        { "call id is null", Notification("created", CallPath, """{"@odata.type":"#microsoft.graph.call","id":null,"state":"incoming"}"""), "value[0].resourceData.id" },
        { "@odata.id of another call", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/{{OtherCallId}}","id":"{{CallId}}","state":"established"}"""), "value[0].resourceData.@odata.id" },
        { "@odata.id on another host path", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","@odata.id":"https://graph.microsoft.com/a/b{{CallPath}}","id":"{{CallId}}","state":"established"}"""), "value[0].resourceData.@odata.id" },
        { "@odata.id over http", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","@odata.id":"http://graph.microsoft.com/v1.0{{CallPath}}","state":"established"}"""), "value[0].resourceData.@odata.id" },
        { "array for one call", Notification("deleted", CallPath, $"[{Call(CallId, "terminated")}]"), "value[0].resourceData must be an object" },
        { "participant id with CR/LF", Notification("updated", CallPath + "/participants", $"[{Participant("p1")},{Participant("p2\\r\\n")}]"), "value[0].resourceData[1].id" },
        { "participant of another call", Notification("updated", CallPath + "/participants", $"[{Participant("p1", $",\"@odata.id\":\"/communications/calls/{OtherCallId}/participants/p1\"")}]"), "value[0].resourceData[0].@odata.id" },
        { "participant @odata.id names another participant", Notification("updated", CallPath + "/participants", $"[{Participant("p1", $",\"@odata.id\":\"{CallPath}/participants/p2\"")}]"), "value[0].resourceData[0].@odata.id" },
        { "delta participant with traversal", Notification("updated", CallPath + "/participants", $$"""[{"@odata.type":"#microsoft.graph.deltaParticipants","sequenceNumber":2,"participants":[{{Participant("../p1")}}]}]"""), "value[0].resourceData[0].participants[0].id" },
        { "single participant id differs", Notification("updated", CallPath + "/participants/p1", Participant("p2")), "value[0].resourceData.id" },
        { "operation id differs", Notification("deleted", CallPath + "/operations/op1", """{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op2","status":"completed","clientContext":"c1"}"""), "value[0].resourceData.id" },
        { "joining notification for another call", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.participantJoiningNotification","call":{{Call(OtherCallId)}}}"""), "value[0].resourceData.call.id" },
        { "left notification with a bad participant id", Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.participantLeftNotification","participantId":"p1/../x","call":{{Call(CallId)}}}"""), "value[0].resourceData.participantId" },
    };

    [Theory]
    [MemberData(nameof(MismatchedIds))]
    public void Inspect_IdThatDisagreesWithTheResourceUrl_IsRefusedNamingTheField(string description, string notification, string field)
    {
        var inspection = Inspect(Batch(Notification("updated", $"/communications/calls/{OtherCallId}", Call(OtherCallId)), notification));

        Assert.False(inspection.IsValid, description);
        Assert.Null(inspection.Body);
        Assert.StartsWith(field.Replace("value[0]", "value[1]", StringComparison.Ordinal), inspection.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> RepeatedNames() => new()
    {
        { "ChangeType", Batch($$"""{"changeType":"updated","ChangeType":"deleted","resourceUrl":"{{CallPath}}","resourceData":{{Call(CallId)}}}""") },
        { "RESOURCEURL", Batch($$$"""{"changeType":"deleted","resourceUrl":"/communications/calls/{{{OtherCallId}}}","RESOURCEURL":"{{{CallPath}}}","resourceData":{"@odata.type":"#microsoft.graph.call"}}""") },
        { "ResourceData", Batch($$"""{"changeType":"updated","resourceUrl":"{{CallPath}}","resourceData":{{Call(CallId)}},"ResourceData":{{Call(CallId, "terminated")}}}""") },
        { "Value", $$"""{"value":[{{Notification("updated", CallPath, Call(CallId))}}],"Value":[]}""" },
        { "@ODATA.TYPE", Batch(Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","@ODATA.TYPE":"#microsoft.graph.participant","id":"{{CallId}}"}""")) },
        { "ID", Batch(Notification("updated", CallPath, $$"""{"@odata.type":"#microsoft.graph.call","id":"{{CallId}}","ID":"{{OtherCallId}}"}""")) },
        { "Code", Batch(Notification("updated", CallPath, Call(CallId, extra: ""","resultInfo":{"code":200,"Code":500}"""))) },
        { "state", Batch(Notification("updated", CallPath, Call(CallId, extra: ",\"state\":\"terminated\""))) },
        { "changeType", Batch($$"""{"changeType":"updated","resourceUrl":"{{CallPath}}","resourceData":{{Call(CallId)}},"chang\u0065Type":"deleted"}""") },
    };

    [Theory]
    [MemberData(nameof(RepeatedNames))]
    public void Inspect_PropertyNameRepeatedIgnoringCase_IsRefused(string repeated, string body)
    {
        var inspection = Inspect(body);

        Assert.False(inspection.IsValid);
        Assert.Equal($"Property names must be unique within an object, ignoring case: '{repeated}' repeats.", inspection.Error);
    }

    [Theory]
    [InlineData(",\"clientContext\":null")]
    [InlineData(",\"clientContext\":\"\"")]
    [InlineData(",\"clientContext\":7")]
    [InlineData("")]
    public void Inspect_OperationWithoutClientContext_IsRefused(string clientContext)
    {
        // The SDK completes operations by clientContext and throws on one without it (which used to answer 500).
        var operation = $$"""{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op1","status":"completed"{{clientContext}}}""";

        var inspection = Inspect(Batch(Notification("deleted", CallPath + "/operations/op1", operation)));

        Assert.Equal("value[0].resourceData.clientContext is required for an operation.", inspection.Error);
    }

    [Fact]
    public void Inspect_RepeatedNamesInSiblingObjects_AreAccepted()
    {
        var body = Batch(
            Notification("updated", CallPath + "/participants", $"[{Participant("p1")},{Participant("p2")}]"),
            Notification("updated", CallPath, Call(CallId)));

        var inspection = Inspect(body);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(2, inspection.Accepted);
    }

    [Fact]
    public void Inspect_PropertyNamesInAnotherCase_AreReadAsTheSdkReadsThem()
    {
        var body = $$$"""{"Value":[{"ChangeType":"Deleted","ResourceUrl":"{{{CallPath}}}","ResourceData":{"@ODATA.TYPE":"#microsoft.graph.call","ID":"{{{CallId}}}"}}]}""";

        var inspection = Inspect(body);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal([CallId], inspection.DeletedCallIds);
    }

    [Fact]
    public void Inspect_IdInAnotherCaseThatDisagrees_IsRefused()
    {
        var inspection = Inspect($$$"""{"value":[{"changeType":"created","resourceUrl":"{{{CallPath}}}","resourceData":{"@odata.type":"#microsoft.graph.call","Id":"{{{OtherCallId}}}"}}]}""");

        Assert.Equal("value[0].resourceData.id must equal the last segment of resourceUrl.", inspection.Error);
    }

    [Theory]
    [InlineData("resourceData")]
    [InlineData("RESOURCEDATA")]
    public void Inspect_RootHoldingResourceData_IsRefused(string name)
    {
        // The SDK reads a root with resourceData as one notification and ignores 'value'.
        var body = $$"""{"value":[{{Notification("updated", "/communications/calls/" + OtherCallId, Call(OtherCallId))}}],"changeType":"deleted","resourceUrl":"{{CallPath}}","{{name}}":{{Call(CallId, "terminated")}}}""";

        var inspection = Inspect(body);

        Assert.Equal("The commsNotifications object must not hold resourceData; notifications belong in 'value'.", inspection.Error);
    }

    [Theory]
    [InlineData("@ODATA.TYPE", "Microsoft.Graph.Models.Call")]
    [InlineData("@odata.type", "#microsoft.graph.Models.Call")]
    public void Inspect_NestedTypeOutsideGraphNames_IsRefusedInAnyCase(string name, string type)
    {
        var inspection = Inspect(Batch(Notification("updated", CallPath, Call(CallId, extra: $$""","resultInfo":{"{{name}}":"{{type}}","code":200}"""))));

        Assert.Equal("value[0]: an @odata.type is not a Graph type name.", inspection.Error);
    }

    [Fact]
    public void Inspect_ErrorText_NeverEchoesControlCharacters()
    {
        var name = "a\u0001b";
        var inspection = Inspect($$"""{"value":[],"{{JsonEncodedText.Encode(name)}}":1,"A\u0001B":2}""");

        Assert.Equal("Property names must be unique within an object, ignoring case: 'A?B' repeats.", inspection.Error);
    }
}
