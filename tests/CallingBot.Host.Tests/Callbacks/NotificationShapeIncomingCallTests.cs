using CallingBot.AspNetCore.Callbacks;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>Which notifications bring a new call (<see cref="NotificationInspection.IncomingCallIds"/>).</summary>
public sealed class NotificationShapeIncomingCallTests
{
    private const string Call = """{"@odata.type":"#microsoft.graph.call","id":"c1","state":"incoming","direction":"incoming"}""";

    [Theory]
    [InlineData("created", "/communications/calls/c1", Call, true)]
    [InlineData("Created", "/communications/calls/c1", Call, true)]
    [InlineData("updated", "/communications/calls/c1", Call, false)]
    [InlineData("deleted", "/communications/calls/c1", Call, false)]
    [InlineData("created", "/communications/calls/c1/participants", """[{"@odata.type":"#microsoft.graph.participant","id":"p1"}]""", false)]
    [InlineData("created", "/communications/calls/c1/operations/o1", """{"@odata.type":"#microsoft.graph.commsOperation","id":"o1"}""", false)]
    [InlineData("created", "/communications/calls/c1", """{"@odata.type":"#microsoft.graph.participantJoiningNotification"}""", false)]
    public void ContainsIncomingCall_SingleNotification_TrueOnlyForACreatedCallResource(string changeType, string resourceUrl, string resourceData, bool expected)
    {
        Assert.Equal(expected, ContainsIncomingCall(HostileCallbackCases.Envelope(changeType, resourceUrl, resourceData)));
    }

    [Fact]
    public void ContainsIncomingCall_CreatedCallAmongUpdates_IsTrue()
    {
        var body = $$"""
            {"value":[
              {"changeType":"updated","resourceUrl":"/communications/calls/c0","resourceData":{{Call.Replace("\"c1\"", "\"c0\"", StringComparison.Ordinal)}}},
              {"changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{{Call}}}
            ]}
            """;

        Assert.True(ContainsIncomingCall(body));
        Assert.Equal(["c1"], NotificationShape.Inspect(System.Text.Encoding.UTF8.GetBytes(body)).IncomingCallIds);
    }

    private static bool ContainsIncomingCall(string body) => NotificationShape.Inspect(System.Text.Encoding.UTF8.GetBytes(body)).IncomingCallIds.Count > 0;
}
