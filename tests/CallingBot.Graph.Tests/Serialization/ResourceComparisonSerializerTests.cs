using CallingBot.Core;
using CallingBot.Core.Registry;
using CallingBot.Graph.Notifications;
using CallingBot.Graph.Serialization;
using CallingBot.Graph.Tests.Infrastructure;
using CallingBot.Graph.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph.Communications.Core.Notifications;
using Microsoft.Graph.Communications.Core.Serialization;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace CallingBot.Graph.Tests.Serialization;

/// <summary>
/// The SDK decides whether a notification changed a resource by comparing two serializations of it (ignoring case).
/// The comparison text written in front of the SDK's serializer must lead to the same decision as the SDK's own JSON
/// for every pair of resources, and keep apart values a naive concatenation would run together.
/// </summary>
public sealed class ResourceComparisonSerializerTests
{
    private static readonly CommsSerializer Sdk = new(false);

    private static readonly string[] Bodies =
    [
        NotificationBodies.IncomingFromEmulator,
        NotificationBodies.Created("c1"),
        NotificationBodies.Established,
        NotificationBodies.Terminated,
        NotificationBodies.Deleted,
        NotificationBodies.MeetingIncoming,
        NotificationBodies.TwoInOneBatch,
        NotificationBodies.GuestIncoming,
        NotificationBodies.Roster,
        NotificationBodies.GuestRoster,
        """{"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","extra":{"@odata.type":"#microsoft.graph.identity","id":"x"},"list":[1,2],"flag":true,"count":3,"none":null}}]}""",
    ];

    /// <summary>A change the SDK must see, applied to an established call read as the SDK holds it.</summary>
    public static TheoryData<string> Changes() => [.. ChangesByName.Keys];

    private static readonly Dictionary<string, Action<Call>> ChangesByName = new()
    {
        ["the state"] = c => c.State = CallState.Terminated,
        ["a property cleared"] = c => c.Direction = null,
        ["a property set"] = c => c.Subject = "Subject",
        ["a nested enum"] = c => c.MediaState!.Audio = MediaState.Inactive,
        ["a nested object replaced"] = c => c.ResultInfo = new ResultInfo { Code = 500, Subcode = 1, Message = "m" },
        ["a collection set"] = c => c.RequestedModalities = [Modality.Audio, Modality.Video],
        ["an empty collection set"] = c => c.Targets = [],
        ["an additional data entry added"] = c => c.AdditionalData["x-extra"] = "value",
        ["an additional data number"] = c => c.AdditionalData["x-count"] = 2,
        ["an identity's display name"] = c => c.Source = new ParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "u", DisplayName = "Ann" } } },
    };

    [Fact]
    public void SerializeObject_TheSameValuesReadTwice_GiveTheSameText()
    {
        var first = ReadCall(NotificationBodies.Established);
        var second = ReadCall(NotificationBodies.Established);

        Assert.NotSame(first, second);
        Assert.Equal(Comparison().SerializeObject(first), Comparison().SerializeObject(second));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void SerializeObject_OneValueChanged_GivesADifferentTextAsTheSdksSerializerDoes(string change)
    {
        var before = ReadCall(NotificationBodies.Established);
        var after = ReadCall(NotificationBodies.Established);
        ChangesByName[change](after);

        Assert.False(string.Equals(Sdk.SerializeObject(before), Sdk.SerializeObject(after), StringComparison.OrdinalIgnoreCase), $"{change}: the SDK's own serializer sees no change, so this case tests nothing");
        Assert.False(string.Equals(Comparison().SerializeObject(before), Comparison().SerializeObject(after), StringComparison.OrdinalIgnoreCase), $"{change}: the comparison text did not change");
    }

    [Fact]
    public void SerializeObject_EveryPairOfResourcesReadFromTheTestBatches_LeadsToTheSdksDecision()
    {
        var resources = Bodies.SelectMany(Resources).ToList();
        // The same resources again, read anew: pairs that are equal in content but not the same objects.
        resources.AddRange(Bodies.SelectMany(Resources));
        var comparison = Comparison();
        var pairs = 0;
        var equal = 0;
        for (var i = 0; i < resources.Count; i++)
        {
            for (var j = i + 1; j < resources.Count; j++)
            {
                if (resources[i].GetType() != resources[j].GetType())
                {
                    continue;
                }

                var sdkEqual = string.Equals(Sdk.SerializeObject(resources[i]), Sdk.SerializeObject(resources[j]), StringComparison.OrdinalIgnoreCase);
                var ourEqual = string.Equals(comparison.SerializeObject(resources[i]), comparison.SerializeObject(resources[j]), StringComparison.OrdinalIgnoreCase);
                Assert.True(sdkEqual == ourEqual, $"resources {i} and {j}: the SDK's serializer says {(sdkEqual ? "equal" : "different")}, the comparison text {(ourEqual ? "equal" : "different")}");
                pairs++;
                equal += sdkEqual ? 1 : 0;
            }
        }

        Assert.True(pairs > 100 && equal > 10, $"{pairs} pairs compared, {equal} of them equal: too few to test both decisions");
    }

    [Fact]
    public void SerializeObject_ValuesThatRunTogetherWhenConcatenated_GiveDifferentTexts()
    {
        var comparison = Comparison();
        var pairs = new (IParsable, IParsable)[]
        {
            (new Identity { DisplayName = "ab", Id = "c" }, new Identity { DisplayName = "a", Id = "bc" }),
            (new Identity { DisplayName = "a" }, new Identity { Id = "a" }),
            (new Identity { DisplayName = "s1:a" }, new Identity { DisplayName = "s" }),
            (new Identity { DisplayName = "x", AdditionalData = { ["k"] = "1" } }, new Identity { DisplayName = "x", AdditionalData = { ["k"] = 1 } }),
            (new Identity { AdditionalData = { ["a"] = "b", ["c"] = "d" } }, new Identity { AdditionalData = { ["a"] = "bk1:cs1:d" } }),
            (new Identity { AdditionalData = { ["k"] = null! } }, new Identity { AdditionalData = { ["k"] = "z" } }),
            (new ResultInfo { Code = 1, Subcode = 23 }, new ResultInfo { Code = 12, Subcode = 3 }),
        };

        foreach (var (first, second) in pairs)
        {
            var a = comparison.SerializeObject(first);
            var b = comparison.SerializeObject(second);
            Assert.False(string.Equals(a, b, StringComparison.OrdinalIgnoreCase), $"'{a}' and '{b}' compare equal");
        }
    }

    [Fact]
    public void SerializeObject_NotAGraphModel_IsTheSdksJson()
    {
        var value = new Dictionary<string, object> { ["a"] = 1, ["b"] = "two" };

        Assert.Equal(Sdk.SerializeObject(value), Comparison().SerializeObject(value));
    }

    [Fact]
    public void Install_OnThePlatformsClient_PutsTheComparisonInFrontAndKeepsTheSdksSerializerForTheWire()
    {
        using var core = new ServiceCollection().AddCallingBotCore().BuildServiceProvider();
        var platform = OfflineGraph.CreatePlatform(NullLoggerFactory.Instance, core.GetRequiredService<ICallRegistry>());
        platform.Initialize(OfflineGraph.CallbackUrl);
        var client = platform.Client!;

        var installed = Assert.IsType<ResourceComparisonSerializer>(client.Serializer);
        Assert.IsType<CommsSerializer>(installed.Sdk);
        Assert.Same(installed.Sdk, ResourceComparisonSerializer.WireSerializer(client));
        Assert.True(ResourceComparisonSerializer.Install(client));
        Assert.Same(installed, client.Serializer);
    }

    private static ResourceComparisonSerializer Comparison() => new(Sdk);

    private static Call ReadCall(string body) =>
        Assert.IsType<Call>(CallNotificationReader.TryRead(body)!.Value.Single().ExtractResouceData());

    private static IEnumerable<object> Resources(string body)
    {
        var notifications = CallNotificationReader.TryRead(body) ?? throw new InvalidOperationException("not on the fast path: " + body);
        foreach (var notification in notifications.Value)
        {
            switch (notification.ExtractResouceData())
            {
                case object[] roster:
                    foreach (var participant in roster)
                    {
                        yield return participant;
                    }

                    break;
                case { } resource:
                    yield return resource;
                    break;
            }
        }
    }
}
