using CallingBot.Graph.Notifications;
using Microsoft.Graph.Communications.Common;
using Microsoft.Graph.Communications.Core.Notifications;
using Microsoft.Graph.Communications.Core.Serialization;

namespace CallingBot.Graph.Tests.Notifications;

/// <summary>
/// The fast path reads a batch of call resources and rosters into exactly what the SDK's own reader builds (the same
/// objects, compared through the SDK's serializer), and leaves everything else to the SDK.
/// </summary>
public sealed class CallNotificationReaderTests
{
    private static readonly CommsSerializer Serializer = new(false);

    public static TheoryData<string, string> CallBatches() => new()
    {
        { "incoming call as the emulator sends it", NotificationBodies.IncomingFromEmulator },
        { "minimal incoming call", NotificationBodies.Created("c1") },
        { "established, with media state and a participant id", NotificationBodies.Established },
        { "terminated, with result info", NotificationBodies.Terminated },
        { "deleted", NotificationBodies.Deleted },
        { "meeting call with chat and meeting info", NotificationBodies.MeetingIncoming },
        { "two notifications in one batch", NotificationBodies.TwoInOneBatch },
        { "a guest caller (identity provider none)", NotificationBodies.GuestIncoming },
        { "a roster as the emulator sends it", NotificationBodies.Roster },
        { "a guest in a roster", NotificationBodies.GuestRoster },
        { "a minimal roster", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1/participants","resourceData":[{"@odata.type":"#microsoft.graph.participant","id":"p1"}]}]}""" },
        { "a call and its roster in one batch", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","state":"established"}},{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1/participants","resourceData":[{"@odata.type":"#microsoft.graph.participant","id":"p1"}]}]}""" },
        { "properties the model does not have, typed and not", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","extra":{"@odata.type":"#microsoft.graph.identity","id":"x"},"list":[1,2],"flag":true,"count":3,"none":null}}]}""" },
    };

    public static TheoryData<string, string> LeftToTheSdk() => new()
    {
        { "not JSON", "not json at all" },
        { "an empty object", "{}" },
        { "an empty batch", """{"value":[]}""" },
        { "a null batch", """{"value":null}""" },
        { "the single-notification form", """{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1"}}""" },
        { "an empty roster", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1/participants","resourceData":[]}]}""" },
        { "a roster with something else in it", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1/participants","resourceData":[{"@odata.type":"#microsoft.graph.participant","id":"p1"},{"@odata.type":"#microsoft.graph.call","id":"c1"}]}]}""" },
        { "a roster of untyped participants", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1/participants","resourceData":[{"id":"p1"}]}]}""" },
        { "a single participant resource", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1/participants/p1","resourceData":{"@odata.type":"#microsoft.graph.participant","id":"p1"}}]}""" },
        { "an operation", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1/operations/o1","resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","id":"o1","status":"completed","clientContext":"x"}}]}""" },
        { "a call among other resources", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1"}},{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c1/participants","resourceData":[]}]}""" },
        { "a resource without a type", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"id":"c1","state":"incoming","direction":"incoming"}}]}""" },
        { "an unknown resource type", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.nonsense","id":"c1"}}]}""" },
        { "an unknown change type", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"exploded","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1"}}]}""" },
        { "a change type in another case", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"Created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1"}}]}""" },
        { "no resource path", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1"}}]}""" },
        { "no resource data", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1"}]}""" },
        { "a property of the call in another case", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","State":"incoming"}}]}""" },
        { "a state the model does not know", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","state":"exploded"}}]}""" },
        { "a number where text belongs", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":42}}]}""" },
        { "an unknown property of the notification", """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","sequence":3,"resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1"}}]}""" },
        { "the SDK's answer-callback special case", """{"value":[],"callState":"established"}""" },
    };

    [Theory]
    [MemberData(nameof(CallBatches))]
    public void TryRead_BatchOfCallResourcesAndRosters_BuildsWhatTheSdksReaderBuilds(string because, string body)
    {
        var fast = CallNotificationReader.TryRead(body);

        Assert.True(fast is not null, $"{because}: not read on the fast path");
        var sdk = NotificationProcessor.ExtractNotifications(body, Serializer);
        Assert.Equal(Serializer.SerializeObject(sdk), Serializer.SerializeObject(fast));
        Assert.Equal(sdk.Value.Count(), fast.Value.Count());
        foreach (var (expected, actual) in sdk.Value.Zip(fast.Value))
        {
            Assert.Equal(expected.ChangeType, actual.ChangeType);
            Assert.Equal(expected.ResourceUrl, actual.ResourceUrl);
            Assert.Equal(expected.ODataType, actual.ODataType);
            if (expected.ExtractResouceData() is object[] expectedRoster)
            {
                var actualRoster = Assert.IsType<object[]>(actual.ExtractResouceData());
                Assert.Equal(expectedRoster.Length, actualRoster.Length);
                foreach (var (expectedParticipant, actualParticipant) in expectedRoster.Cast<Microsoft.Graph.Models.Participant>().Zip(actualRoster.Cast<Microsoft.Graph.Models.Participant>()))
                {
                    Assert.Equal(expectedParticipant.Id, actualParticipant.Id);
                    Assert.Equal(expectedParticipant.IsMuted, actualParticipant.IsMuted);
                    Assert.Equal(expectedParticipant.IsInLobby, actualParticipant.IsInLobby);
                    Assert.Equal(expectedParticipant.MediaStreams?.Count, actualParticipant.MediaStreams?.Count);
                    Assert.Equal(expectedParticipant.Info?.Identity?.User?.Id, actualParticipant.Info?.Identity?.User?.Id);
                    Assert.Equal(expectedParticipant.Info?.Identity?.AdditionalData.ContainsKey("guest"), actualParticipant.Info?.Identity?.AdditionalData.ContainsKey("guest"));
                }

                continue;
            }

            var expectedCall = Assert.IsType<Microsoft.Graph.Models.Call>(expected.ExtractResouceData());
            var actualCall = Assert.IsType<Microsoft.Graph.Models.Call>(actual.ExtractResouceData());
            Assert.Equal(expectedCall.State, actualCall.State);
            Assert.Equal(expectedCall.Direction, actualCall.Direction);
            Assert.Equal(expectedCall.Source?.Identity?.User?.Id, actualCall.Source?.Identity?.User?.Id);
            Assert.Equal(
                expectedCall.Source?.Identity?.AdditionalData.TryGetValue("guest", out var expectedGuest) == true ? ((Microsoft.Graph.Models.Identity)expectedGuest).Id : null,
                actualCall.Source?.Identity?.AdditionalData.TryGetValue("guest", out var actualGuest) == true ? ((Microsoft.Graph.Models.Identity)actualGuest).Id : null);
        }
    }

    [Fact]
    public void TryRead_ObjectsAndArraysWithoutAModelProperty_AreKeptAsElementsOfTheirOwn()
    {
        var batch = CallNotificationReader.TryRead("""{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","activeModalities":["audio"],"extra":{"a":1}}}]}""");

        // The batch's document is gone (its memory back in the pool): what the model keeps is still readable.
        var call = Assert.IsType<Microsoft.Graph.Models.Call>(Assert.Single(batch!.Value).ExtractResouceData());
        Assert.Equal("""["audio"]""", Assert.IsType<System.Text.Json.JsonElement>(call.AdditionalData["activeModalities"]).GetRawText());
        Assert.Equal("""{"a":1}""", Assert.IsType<System.Text.Json.JsonElement>(call.AdditionalData["extra"]).GetRawText());
    }

    [Fact]
    public void TryRead_EmptyListsWithoutAModelProperty_AreKeptEmpty()
    {
        var batch = CallNotificationReader.TryRead("""{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","routingPolicies":[],"extra":{}}}]}""");

        var call = Assert.IsType<Microsoft.Graph.Models.Call>(Assert.Single(batch!.Value).ExtractResouceData());
        Assert.Equal("[]", Assert.IsType<System.Text.Json.JsonElement>(call.AdditionalData["routingPolicies"]).GetRawText());
        Assert.Equal("{}", Assert.IsType<System.Text.Json.JsonElement>(call.AdditionalData["extra"]).GetRawText());
    }

    [Theory]
    [MemberData(nameof(LeftToTheSdk))]
    public void TryRead_AnythingButABatchOfPlainCallResources_IsLeftToTheSdk(string because, string body)
    {
        Assert.True(CallNotificationReader.TryRead(body) is null, $"{because}: read on the fast path");
    }
}
