using System.Text;
using System.Text.Json.Nodes;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.Core.Registry;

using static CallingBot.Host.Tests.Callbacks.NotificationBatches;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// How <see cref="NotificationShape"/> reads a batch: property names escaped, outside ASCII, longer than its stack
/// buffer or in another case; invalid UTF-8; the batch written again without its ignored notifications; the text
/// overload; and what one inspection allocates.
/// </summary>
public sealed class NotificationShapeReadingTests
{

    /// <summary>The incoming-call notification of a call from a Teams user, as the emulator sends it (1,907 bytes).</summary>
    private const string IncomingCall = """
        {"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/2c4146ca-f27e-40be-8cc5-dc905a955f8f","resourceData":{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/2c4146ca-f27e-40be-8cc5-dc905a955f8f","@odata.etag":"W/\u00221\u0022","state":"incoming","direction":"incoming","callbackUri":"https://127.0.0.1:47999/api/calling","callChainId":"3d301535-35bb-4eb4-aa4d-0e55fc392a06","callRoutes":[],"source":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","displayName":"Adele Vance","id":"8a34a46b-3d17-4adc-8dce-dc4e7d572698","tenantId":"5c1a2b3c-0000-4000-8000-0000000be4da","identityProvider":"AAD"}},"endpointType":"default","region":"amer","languageId":"en-US","id":"d8039935-61c1-435d-865d-bef97f262663","countryCode":null},"targets":[{"@odata.type":"#microsoft.graph.invitationParticipantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","application":{"@odata.type":"#microsoft.graph.identity","displayName":"x","id":"5c1a2b3c-0000-4000-8000-0000000be4d1"}},"endpointType":"default","region":"amer","languageId":"en-US","id":"eda0b2e1-3bf5-4926-904a-e892b2af4cd0","replacesCallId":null}],"requestedModalities":["audio"],"activeModalities":[],"mediaConfig":null,"chatInfo":null,"meetingInfo":null,"transcription":null,"routingPolicies":[],"tenantId":"5c1a2b3c-0000-4000-8000-0000000be4da","myParticipantId":"eda0b2e1-3bf5-4926-904a-e892b2af4cd0","id":"2c4146ca-f27e-40be-8cc5-dc905a955f8f","subject":null,"terminationReason":null,"ringingTimeoutInSeconds":null,"mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"inactive"},"resultInfo":null,"answeredBy":null,"callOptions":null,"meetingCapability":null,"toneInfo":null}}]}
        """;

    private static NotificationInspection Inspect(string body) => NotificationShape.Inspect(Encoding.UTF8.GetBytes(body));

    private static NotificationInspection Inspect(byte[] body) => NotificationShape.Inspect(body);

    private static string Repeats(string name) => $"Property names must be unique within an object, ignoring case: '{name}' repeats.";

    /// <summary>What the check handed on before it read a document: the batch parsed into nodes, the ignored notifications removed, written again.</summary>
    private static string WrittenWithout(string body, params int[] removed)
    {
        var envelope = JsonNode.Parse(body, new JsonNodeOptions { PropertyNameCaseInsensitive = true })!.AsObject();
        var notifications = envelope["value"]!.AsArray();
        foreach (var index in removed.OrderDescending())
        {
            notifications.RemoveAt(index);
        }

        return envelope.ToJsonString();
    }

    [Theory]
    [InlineData("""{"changeType":"updated","CHANGE\u0074YPE":"deleted"}""", "CHANGEtYPE")]
    [InlineData("""{"change\u0054ype":"updated","changeType":"deleted"}""", "changeType")]
    [InlineData("""{"changeType":"updated","\u0063\u0068\u0061\u006E\u0067\u0065\u0054\u0079\u0070\u0065":"deleted"}""", "changeType")]
    [InlineData("""{"r\u00e9sum\u00e9":1,"R\u00c9SUM\u00c9":2}""", "RÉSUMÉ")]
    [InlineData("""{"résumé":1,"RÉSUMÉ":2}""", "RÉSUMÉ")]
    [InlineData("""{"名前":1,"\u540d\u524d":2}""", "名前")]
    public void Inspect_NameRepeatedEscapedOrOutsideAscii_IsRefusedNamingItAsWrittenTheSecondTime(string notification, string repeated)
    {
        var inspection = Inspect(Batch(notification));

        Assert.Equal(Repeats(repeated), inspection.Error);
    }

    [Theory]
    [InlineData(129)]
    [InlineData(300)]
    [InlineData(5000)]
    public void Inspect_NameLongerThanTheStackBuffer_IsComparedWhole(int length)
    {
        Assert.True(length > JsonPropertyNames.StackNameLength);
        var name = new string('n', length - 1);
        var extra = $$""","{{name}}a":1,"{{name}}b":2,"{{name}}":{"{{name}}":3}""";

        var accepted = Inspect(Batch(Notification("updated", CallPath, Call(CallId, extra: extra))));
        var refused = Inspect(Batch(Notification("updated", CallPath, Call(CallId, extra: extra + $",\"{name.ToUpperInvariant()}B\":4"))));

        Assert.True(accepted.IsValid, accepted.Error);
        Assert.Equal(Repeats(new string('N', 64) + "…"), refused.Error);
    }

    [Fact]
    public void Inspect_LongNameWrittenWithEscapes_IsUnescapedBeforeItIsCompared()
    {
        var escaped = string.Concat(Enumerable.Repeat("\\u0061", 200));
        var plain = new string('A', 200);

        var inspection = Inspect(Batch(Notification("updated", CallPath, Call(CallId, extra: $",\"{escaped}\":1,\"{plain}\":2"))));

        Assert.Equal(Repeats(new string('A', 64) + "…"), inspection.Error);
    }

    [Fact]
    public void Inspect_NamesWrittenWithEscapes_AreReadAsTheSdkReadsThem()
    {
        var body = $$$"""{"v\u0061lue":[{"ch\u0061ngeType":"deleted","resourceUrl":"{{{CallPath}}}","resource\u0044ata":{"\u0040odata.type":"#microsoft.graph.call","\u0069d":"{{{CallId}}}"}}]}""";

        var inspection = Inspect(body);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(body, inspection.Body);
        Assert.Equal([CallId], inspection.DeletedCallIds);
    }

    [Fact]
    public void Inspect_EscapedIdThatDisagrees_IsRefused()
    {
        var inspection = Inspect($$$"""{"value":[{"changeType":"created","resourceUrl":"{{{CallPath}}}","resourceData":{"@odata.type":"#microsoft.graph.call","I\u0064":"{{{OtherCallId}}}"}}]}""");

        Assert.Equal("value[0].resourceData.id must equal the last segment of resourceUrl.", inspection.Error);
    }

    [Fact]
    public void Inspect_NameOutsideAsciiThatFoldsToAsciiElsewhere_IsNotTheAsciiName()
    {
        // U+017F (long s) upper-cases to 'S' in Unicode, but ordinal ignore-case (how names were always compared) does
        // not fold it to ASCII: the name is another property, and resourceData is missing.
        var inspection = Inspect($$$"""{"value":[{"changeType":"updated","resourceUrl":"{{{CallPath}}}","re\u017FourceData":{{{Call(CallId)}}}}]}""");

        Assert.Equal("value[0].resourceData is required.", inspection.Error);
    }

    [Fact]
    public void Inspect_NestedTypeWrittenWithEscapes_IsCheckedUnescaped()
    {
        var graphName = Inspect(Batch(Notification("updated", CallPath, Call(CallId, extra: ""","resultInfo":{"@odata.type":"#microsoft.graph.result\u0049nfo"}"""))));
        var notGraphName = Inspect(Batch(Notification("updated", CallPath, Call(CallId, extra: ""","resultInfo":{"@odata.type":"#microsoft.graph.result\u002DInfo"}"""))));

        Assert.True(graphName.IsValid, graphName.Error);
        Assert.Equal("value[0]: an @odata.type is not a Graph type name.", notGraphName.Error);
    }

    [Fact]
    public void Inspect_PropertyNamesInAnotherCase_AreAcceptedAndRead()
    {
        var body = $$$"""{"VALUE":[{"ChangeType":"Created","RESOURCEURL":"{{{CallPath}}}","RESOURCEDATA":{"@Odata.Type":"#microsoft.graph.call","Id":"{{{CallId}}}","State":"incoming"}}]}""";

        var inspection = NotificationShape.Inspect(Encoding.UTF8.GetBytes(body), _ => CallStatus.Unknown);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(body, inspection.Body);
        Assert.Equal(1, inspection.Accepted);
        Assert.Equal([CallId], inspection.CallIds);
        Assert.Equal([CallId], inspection.IncomingCallIds);
        Assert.Empty(inspection.UnknownCallIds);
        Assert.True(inspection.IsVersioned);
    }

    public static TheoryData<string, byte[]> InvalidUtf8InStrings() => new()
    {
        { "a lone continuation byte", [0x80] },
        { "a byte that never occurs", [0xFF] },
        { "a truncated sequence", [0xC3] },
        { "an overlong slash", [0xC0, 0xAF] },
        { "an encoded surrogate", [0xED, 0xA0, 0x80] },
        { "beyond U+10FFFF", [0xF4, 0x90, 0x80, 0x80] },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8InStrings))]
    public void Inspect_InvalidUtf8InAString_IsRefusedAsNotUtf8(string description, byte[] bytes)
    {
        // In a value the check reads, one it does not, and a property name (the batch is ASCII: a character is a byte).
        foreach (var marker in new[] { "\"changeType\":\"cre", "Adele", "\"callCha" })
        {
            var at = IncomingCall.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
            var body = Encoding.UTF8.GetBytes(IncomingCall);
            var invalid = body[..at].Concat(bytes).Concat(body[at..]).ToArray();

            Assert.True("The body is not valid UTF-8 JSON." == Inspect(invalid).Error, $"{description} after {marker}: {Inspect(invalid).Error}");
        }
    }

    [Theory]
    [InlineData("\\uD800")]
    [InlineData("\\uDC00")]
    [InlineData("\\uD800\\u0041")]
    public void Inspect_EscapedLoneSurrogate_IsRefusedAsNotUtf8(string escape)
    {
        // Valid JSON bytes, but the escape names half a character that no reader (the SDK's included) can turn into text:
        // in a value the check reads, one it does not, and a property name.
        foreach (var marker in new[] { "\"changeType\":\"cre", "Adele", "\"callCha" })
        {
            var at = IncomingCall.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
            var body = IncomingCall[..at] + escape + IncomingCall[at..];

            Assert.True("The body is not valid UTF-8 JSON." == Inspect(body).Error, $"{escape} after {marker}: {Inspect(body).Error}");
            Assert.Equal("The body is not valid UTF-8 JSON.", NotificationShape.Inspect(body).Error);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0xA9 })]
    public void Inspect_BytesOutsideAsciiBetweenTokens_AreRefusedAsNotJson(byte[] bytes)
    {
        var body = Encoding.UTF8.GetBytes(IncomingCall);
        var comma = Array.IndexOf(body, (byte)',');
        var invalid = body[..(comma + 1)].Concat(bytes).Concat(body[(comma + 1)..]).ToArray();

        Assert.Equal("The body is not valid JSON.", Inspect(invalid).Error);
    }

    [Fact]
    public void Inspect_SomeNotificationsIgnored_HandsOnExactlyTheOthers()
    {
        var kept1 = Notification("updated", CallPath, Call(CallId));
        var kept2 = Notification("created", "/communications/calls/" + OtherCallId, Call(OtherCallId, "incoming"));
        var body = Batch(
            Notification("updated", "/communications/onlineMeetings/m1", """{"@odata.type":"#microsoft.graph.onlineMeeting","id":"m1"}"""),
            kept1,
            Notification("updated", CallPath, Call(CallId).Replace("#microsoft.graph.call", "#microsoft.graph.futureThing", StringComparison.Ordinal)),
            kept2,
            Notification("deleted", "/communications/presences/u1", "{}"));

        var inspection = Inspect(body);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(2, inspection.Accepted);
        Assert.Equal(["resource /communications/onlineMeetings/m1", "type #microsoft.graph.futureThing", "resource /communications/presences/u1"], inspection.Ignored);
        Assert.Equal(Batch(kept1, kept2), inspection.Body);
        Assert.Equal(WrittenWithout(body, 0, 2, 4), inspection.Body);
    }

    [Fact]
    public void Inspect_IgnoredNotificationAmongTextThatNeedsEscaping_WritesTheOthersAsBefore()
    {
        // Written again, strings and names are escaped as the serializer's default encoder escapes them, as before.
        var extra = ""","displayName":"Ad\u00e8le <b> & 'co' 名 😀 \"q\" \\ \/","Num\u00e9ro":1.50e+3,"flags":[true,false,null],"\u00e9t\u00e9":{}""";
        var body = $$$"""{"@odata.type":"#microsoft.graph.commsNotifications","Custom<Name>":"é","Value":[{{{Notification("updated", "/communications/onlineMeetings/m1", "{}")}}},{{{Notification("updated", CallPath, Call(CallId, extra: extra))}}}],"trailer":{"a":[1,2]}}""";

        var inspection = Inspect(body);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(1, inspection.Accepted);
        Assert.Equal(WrittenWithout(body, 0), inspection.Body);
        Assert.Equal("Adèle <b> & 'co' 名 😀 \"q\" \\ /", JsonNode.Parse(inspection.Body!)!["Value"]![0]!["resourceData"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public void Inspect_CallsThatEndedAndARepeatedCreation_AreRemovedFromTheBodyHandedOn()
    {
        var body = Batch(
            Notification("created", CallPath, Call(CallId, "incoming")),
            Notification("updated", "/communications/calls/" + OtherCallId, Call(OtherCallId)),
            Notification("updated", CallPath, Call(CallId)));

        var inspection = NotificationShape.Inspect(Encoding.UTF8.GetBytes(body), id => id == CallId ? CallStatus.Live : CallStatus.Ended);

        Assert.Equal(["repeated creation of a call the bot holds", "call that already ended"], inspection.Ignored);
        Assert.Equal(WrittenWithout(body, 0, 1), inspection.Body);
        Assert.Equal(Batch(Notification("updated", CallPath, Call(CallId))), inspection.Body);
    }

    [Fact]
    public void Inspect_RefusedForARepeatMidway_LeavesNoNameForTheNextBatch()
    {
        // The per-object name sets are kept for the thread's next batch: a batch refused halfway must not leave its names in them.
        var refused = Batch(Notification("updated", CallPath, Call(CallId, extra: ",\"State\":\"terminated\"")));
        var body = Batch(Notification("updated", CallPath, Call(CallId)));

        Assert.Equal(Repeats("State"), Inspect(refused).Error);
        Assert.True(Inspect(body).IsValid);
        Assert.Equal(Repeats("State"), Inspect(refused).Error);
    }

    [Fact]
    public void Inspect_ObjectWithManyNames_IsCheckedAndTheNextBatchToo()
    {
        var names = string.Concat(Enumerable.Range(0, 500).Select(i => $",\"n{i}\":{i}"));

        var many = Inspect(Batch(Notification("updated", CallPath, Call(CallId, extra: names))));
        var repeated = Inspect(Batch(Notification("updated", CallPath, Call(CallId, extra: names + ",\"N499\":0"))));

        Assert.True(many.IsValid, many.Error);
        Assert.Equal(Repeats("N499"), repeated.Error);
        Assert.True(Inspect(IncomingCall).IsValid);
    }

    [Theory]
    [InlineData(IncomingCall)]
    [InlineData("""{"value":[{"changeType":"updated","resourceUrl":"/communications/onlineMeetings/m1","resourceData":{}},{"changeType":"updated","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","x":"é😀"}}]}""")]
    [InlineData("""{"value":[{"changeType":"updated","ChangeType":"deleted"}]}""")]
    [InlineData("""{"value":[]}""")]
    [InlineData("not json")]
    public void Inspect_Text_IsInspectedAsItsUtf8(string body)
    {
        var fromText = NotificationShape.Inspect(body, _ => CallStatus.Unknown);
        var fromBytes = NotificationShape.Inspect(Encoding.UTF8.GetBytes(body), _ => CallStatus.Unknown);

        Assert.Equal(fromBytes.Error, fromText.Error);
        Assert.Equal(fromBytes.Body, fromText.Body);
        Assert.Equal(fromBytes.Accepted, fromText.Accepted);
        Assert.Equal(fromBytes.Ignored, fromText.Ignored);
        Assert.Equal(fromBytes.CallIds, fromText.CallIds);
        Assert.Equal(fromBytes.UnknownCallIds, fromText.UnknownCallIds);
        Assert.Equal(fromBytes.IncomingCallIds, fromText.IncomingCallIds);
        Assert.Equal(fromBytes.IsVersioned, fromText.IsVersioned);
    }

    [Fact]
    public void Inspect_TextAcceptedWhole_IsHandedOnItself()
    {
        var inspection = NotificationShape.Inspect(IncomingCall);

        Assert.Same(IncomingCall, inspection.Body);
    }

    [Fact]
    public void Inspect_TextWithALoneSurrogate_IsReadAsItsUtf8WithAReplacementCharacter()
    {
        var body = IncomingCall.Replace("Adele", "Ad\ud800ele", StringComparison.Ordinal);

        var inspection = NotificationShape.Inspect(body);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(IncomingCall.Replace("Adele", "Ad\ufffdele", StringComparison.Ordinal), inspection.Body);
    }

    [Fact]
    public void Inspect_IncomingCallBatch_AllocatesFarLessThanTheNodeTreeDid()
    {
        // Measured on this batch (1,907 bytes), per inspection: 29,656 bytes when the check decoded the text, named every
        // property with a string and built a JsonNode tree; 5,872 bytes reading a pooled JsonDocument, of which 3,840
        // are the text handed on (2,036 bytes for the text overload, which hands on its own text). The bound leaves
        // room for runtime noise; the quietest of several rounds counts (a real per-inspection allocation is in every round).
        var body = Encoding.UTF8.GetBytes(IncomingCall);
        Func<string, CallStatus> status = _ => CallStatus.Unknown;

        var fromBytes = QuietestRound(() => NotificationShape.Inspect(body, status));
        var fromText = QuietestRound(() => NotificationShape.Inspect(IncomingCall, status));

        Assert.True(fromBytes < 8_000, $"{fromBytes} bytes per inspection of the UTF-8 batch");
        Assert.True(fromText < 4_000, $"{fromText} bytes per inspection of the text");
    }

    private static long QuietestRound(Func<NotificationInspection> inspect, int iterations = 200, int rounds = 5)
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.True(inspect().IsValid);
        }

        var quietest = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                inspect();
            }

            quietest = Math.Min(quietest, (GC.GetAllocatedBytesForCurrentThread() - before) / iterations);
        }

        return quietest;
    }
}
