using CallingBot.Graph.Notifications;
using Microsoft.Graph.Communications.Common;
using Microsoft.Graph.Communications.Core.Notifications;
using Call = Microsoft.Graph.Models.Call;

namespace CallingBot.Graph.Tests.Notifications;

/// <summary>
/// The models read from notifications share one copy of the short strings every call repeats. The table is
/// process-wide and lossy (another test reading notifications meanwhile could take a slot), so these run alone.
/// </summary>
[Collection(SharedStringsCollection.Name)]
public sealed class SharedStringsTests
{
    private const string Batch = """
        {"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c1",
          "resourceData":{"@odata.type":"#microsoft.graph.call","id":"c1","callbackUri":"https://bot.example/api/calling",
            "source":{"@odata.type":"#microsoft.graph.participantInfo","region":"amer","languageId":"en-US",
              "identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u1","tenantId":"t1"}}}}}]}
        """;

    [Fact]
    public void TwoReadsOfTheSameResource_ShareValuesAndAdditionalDataKeys()
    {
        var first = Read();
        var second = Read();

        Assert.Same(first.OdataType, second.OdataType);
        Assert.Same(first.CallbackUri, second.CallbackUri);
        Assert.Same(first.Source!.Region, second.Source!.Region);
        Assert.Same(first.Source.Identity!.User!.Id, second.Source.Identity!.User!.Id);
        var firstKey = first.Source.Identity.User.AdditionalData.Keys.Single(k => k == "tenantId");
        var secondKey = second.Source.Identity.User.AdditionalData.Keys.Single(k => k == "tenantId");
        Assert.Same(firstKey, secondKey);
        Assert.Same(first.Source.Identity.User.AdditionalData["tenantId"], second.Source.Identity.User.AdditionalData["tenantId"]);
    }

    [Fact]
    public void Share_LongOrEmptyStrings_AreNotHeld()
    {
        var longText = new string('x', SharedStrings.MaxLength + 1);
        Assert.NotSame(SharedStrings.Share(longText), SharedStrings.Share(new string('x', SharedStrings.MaxLength + 1)));
        Assert.Same(string.Empty, SharedStrings.Share(string.Empty));
        Assert.Null(SharedStrings.ShareOrNull(null));
    }

    [Fact]
    public void Share_EqualStrings_GiveTheCopyHeld()
    {
        var held = SharedStrings.Share(new string("shared-strings-test".AsSpan()));

        Assert.Same(held, SharedStrings.Share(new string("shared-strings-test".AsSpan())));
        Assert.Equal("shared-strings-test", held);
    }

    [Fact]
    public void Share_TwoStringsWhoseHashesMeet_BothStayShared()
    {
        var first = "shared-strings-first";
        var second = InSetOf(first, count: 1)[0];
        var heldFirst = SharedStrings.Share(new string(first.AsSpan()));
        var heldSecond = SharedStrings.Share(new string(second.AsSpan()));

        for (var i = 0; i < 3; i++)
        {
            Assert.Same(heldFirst, SharedStrings.Share(new string(first.AsSpan())));
            Assert.Same(heldSecond, SharedStrings.Share(new string(second.AsSpan())));
        }
    }

    [Fact]
    public void Share_StringsEveryCallRepeats_StaySharedWhileUniqueStringsOfTheirSetPassThrough()
    {
        // As calls come: each reads its own id in every notification (several times in a row), and the same few
        // strings every call repeats (a type name, a key). Here three repeated strings and 40 calls' ids, all in one set.
        var repeated = InSetOf("shared-strings-repeated", count: Ways - 1);
        var ids = InSetOf("shared-strings-repeated", count: 40, prefix: "shared-strings-call-");

        // The set full of strings used before (by earlier calls, or earlier tests) that nobody uses again.
        foreach (var stale in InSetOf("shared-strings-repeated", count: Ways, prefix: "shared-strings-stale-"))
        {
            SharedStrings.Share(new string(stale.AsSpan()));
        }

        var held = repeated.Select(s => SharedStrings.Share(new string(s.AsSpan()))).ToArray();

        for (var call = 0; call < ids.Length; call++)
        {
            for (var notification = 0; notification < 5; notification++)
            {
                SharedStrings.Share(new string(ids[call].AsSpan()));
            }

            for (var i = 0; i < repeated.Length; i++)
            {
                Assert.True(
                    ReferenceEquals(held[i], SharedStrings.Share(new string(repeated[i].AsSpan()))),
                    $"call {call}: '{repeated[i]}' was pushed out of the table by the calls' ids");
            }
        }
    }

    private const int Ways = SharedStrings.Ways;

    /// <summary><paramref name="count"/> distinct strings (other than <paramref name="first"/>) of the set <paramref name="first"/> belongs to.</summary>
    private static string[] InSetOf(string first, int count, string prefix = "shared-strings-")
    {
        var set = SharedStrings.SetOf(first);
        return Enumerable.Range(0, 10_000_000).Select(i => $"{prefix}{i}")
            .Where(s => s != first && SharedStrings.SetOf(s) == set)
            .Take(count)
            .ToArray();
    }

    private static Call Read() =>
        Assert.IsType<Call>(Assert.Single(CallNotificationReader.TryRead(Batch)!.Value).ExtractResouceData());
}

/// <summary>Tests that read the process-wide <see cref="SharedStrings"/> table, run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedStringsCollection
{
    public const string Name = "Shared strings";
}
