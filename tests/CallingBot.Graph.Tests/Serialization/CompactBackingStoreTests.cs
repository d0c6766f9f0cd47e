using System.Text;
using CallingBot.Graph.Notifications;
using CallingBot.Graph.Serialization;
using CallingBot.Graph.Tests.Notifications;
using Microsoft.Graph.Communications.Core.Notifications;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;
using Microsoft.Kiota.Serialization.Json;

namespace CallingBot.Graph.Tests.Serialization;

/// <summary>
/// The Graph models' compact backing store behaves as Kiota's in-memory store (what is read, what counts as changed,
/// what a request body holds) and takes less memory. Switches Kiota's process-wide factory, so it runs alone.
/// </summary>
[Collection(KiotaPoolCollection.Name)]
public sealed class CompactBackingStoreTests
{
    private const string Json = "application/json";

    private const string CallJson = """
        {"@odata.type":"#microsoft.graph.call","id":"call-1","state":"established","direction":"incoming",
         "callbackUri":"https://bot.example/api/calling","tenantId":"tenant-1","requestedModalities":["audio"],
         "source":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet",
           "user":{"@odata.type":"#microsoft.graph.identity","id":"user-1","displayName":"Alice"}},"region":"amer"},
         "targets":[{"@odata.type":"#microsoft.graph.invitationParticipantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet",
           "application":{"@odata.type":"#microsoft.graph.identity","id":"app-1","displayName":"Bot"}}}],
         "mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"active"},
         "callRoutes":[],"myParticipantId":"p-1","resultInfo":null,"extra":{"nested":[1,2]}}
        """;

    [Fact]
    public void Install_OverKiotasFactory_ModelsGetCompactStores()
    {
        var previous = BackingStoreFactorySingleton.Instance;
        try
        {
            BackingStoreFactorySingleton.Instance = new InMemoryBackingStoreFactory();
            Assert.True(CompactBackingStoreFactory.Install());
            Assert.True(CompactBackingStoreFactory.Install());

            Assert.IsType<CompactBackingStore>(new Call().BackingStore);
        }
        finally
        {
            BackingStoreFactorySingleton.Instance = previous;
        }
    }

    [Theory]
    [MemberData(nameof(CallNotificationReaderTests.CallBatches), MemberType = typeof(CallNotificationReaderTests))]
    public void ModelsReadOnTheFastPath_HoldTheirValuesAndAdditionalDataInArraysOfExactlyTheirNumber(string because, string body)
    {
        var previous = BackingStoreFactorySingleton.Instance;
        try
        {
            BackingStoreFactorySingleton.Instance = new InMemoryBackingStoreFactory();
            Assert.True(CompactBackingStoreFactory.Install());
            var batch = CallNotificationReader.TryRead(body);

            var stores = new List<CompactBackingStore>();
            foreach (var notification in batch!.Value)
            {
                Collect(notification.ExtractResouceData(), stores);
            }

            Assert.NotEmpty(stores);
            Assert.All(stores, store => Assert.True(store.UnusedSlots == 0, $"{because}: {store.UnusedSlots} unused slots"));
            Assert.All(
                stores.Select(store => store.Get<IDictionary<string, object>>("AdditionalData")).OfType<CompactAdditionalData>(),
                additional => Assert.True(additional.UnusedSlots == 0, $"{because}: additional data with {additional.UnusedSlots} unused slots"));
        }
        finally
        {
            BackingStoreFactorySingleton.Instance = previous;
        }
    }

    private static void Collect(object? value, List<CompactBackingStore> stores)
    {
        switch (value)
        {
            case IBackedModel { BackingStore: CompactBackingStore store }:
                stores.Add(store);
                foreach (var (_, nested) in store.Enumerate())
                {
                    Collect(nested, stores);
                }

                break;
            case System.Collections.IEnumerable items and not string:
                foreach (var item in items)
                {
                    Collect(item, stores);
                }

                break;
        }
    }

    [Fact]
    public void Install_OverAnotherFactory_LeavesItAlone()
    {
        var previous = BackingStoreFactorySingleton.Instance;
        try
        {
            var custom = new OtherFactory();
            BackingStoreFactorySingleton.Instance = custom;
            Assert.False(CompactBackingStoreFactory.Install());
            Assert.Same(custom, BackingStoreFactorySingleton.Instance);
        }
        finally
        {
            BackingStoreFactorySingleton.Instance = previous;
        }
    }

    [Fact]
    public void ParsedThenChangedCall_ReadsAndSerializesAsWithKiotasStore()
    {
        var stock = Scenario(new InMemoryBackingStoreFactory());
        var compact = Scenario(new CompactBackingStoreFactory());

        Assert.Equal(stock, compact);
        Assert.Contains("\"displayName\":\"Carol\"", compact.ChangedOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("callbackUri", compact.ChangedOnly, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreOperations_SameResultsAsKiotasStore()
    {
        Assert.Equal(Operations(new InMemoryBackingStore()), Operations(new CompactBackingStore()));
    }

    [Fact]
    public void ModelsOfOneType_ReadTwice_ShareTheirKeys()
    {
        var previous = BackingStoreFactorySingleton.Instance;
        BackingStoreFactorySingleton.Instance = new CompactBackingStoreFactory();
        try
        {
            var first = Parse();
            var second = Parse();

            var firstStores = new List<CompactBackingStore>();
            var secondStores = new List<CompactBackingStore>();
            Collect(first, firstStores);
            Collect(second, secondStores);

            Assert.Equal(firstStores.Count, secondStores.Count);
            Assert.All(firstStores.Zip(secondStores), pair =>
            {
                Assert.True(pair.First.HasSharedShape);
                Assert.Same(pair.First.Keys, pair.Second.Keys);
            });
        }
        finally
        {
            BackingStoreFactorySingleton.Instance = previous;
        }
    }

    [Fact]
    public void StoreWithMoreValuesThanAWordHasBits_SameResultsAsKiotasStore()
    {
        static string Run(IBackingStore store)
        {
            for (var i = 0; i < 150; i++)
            {
                store.Set($"key-{i}", i % 7 == 0 ? null : $"value-{i}");
            }

            store.InitializationCompleted = true;
            store.Set("key-3", "changed");
            store.Set("key-70", "changed");
            store.Set("key-140", (string?)null);
            store.Set("key-149", "changed");
            store.ReturnOnlyChangedValues = true;
            var changed = string.Join(',', store.Enumerate().Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
            var nulls = string.Join(',', store.EnumerateKeysForValuesChangedToNull().Order(StringComparer.Ordinal));
            var read = $"{store.Get<string>("key-70")}|{store.Get<string>("key-71") ?? "(unchanged)"}";
            store.ReturnOnlyChangedValues = false;
            store.InitializationCompleted = false;
            store.ReturnOnlyChangedValues = true;
            var all = store.Enumerate().Count();
            return $"{changed}\n{nulls}\n{read}\n{all}";
        }

        Assert.Equal(Run(new InMemoryBackingStore()), Run(new CompactBackingStore()));
    }

    [Fact]
    public void SeveralCollectionsInOneStore_ChangesInPlaceTrackedAsKiotasStore()
    {
        static string Run(IBackingStore store)
        {
            var log = new List<string>();
            var additional = new Dictionary<string, object>();
            var first = new List<string> { "a" };
            var second = new List<string> { "b", "c" };
            store.Set("additionalData", additional);
            store.Set("first", first);
            store.Set("plain", "text");
            store.Set("second", second);
            store.InitializationCompleted = true;
            store.ReturnOnlyChangedValues = true;
            log.Add($"none changed: [{string.Join(',', store.Enumerate().Select(p => p.Key).Order(StringComparer.Ordinal))}]");

            // Grown or shrunk in place: noticed by the count each had when it was set.
            additional["x"] = 1;
            second.RemoveAt(0);
            log.Add($"grown in place: [{string.Join(',', store.Enumerate().Select(p => p.Key).Order(StringComparer.Ordinal))}]");
            store.InitializationCompleted = true;

            // The first collection replaced by a plain value, then a collection set where a plain value was.
            store.Set("additionalData", "no longer a collection");
            var third = new List<int> { 1, 2, 3 };
            store.Set("plain", third);
            store.InitializationCompleted = true;
            third.Add(4);
            first.Add("z");
            log.Add($"after replacing: [{string.Join(',', store.Enumerate().Select(p => p.Key).Order(StringComparer.Ordinal))}]");
            store.ReturnOnlyChangedValues = false;
            log.Add($"values: {string.Join(',', store.Enumerate().Select(p => $"{p.Key}:{Describe(p.Value)}").Order(StringComparer.Ordinal))}");
            return string.Join('\n', log);
        }

        static string Describe(object? value) => value switch
        {
            null => "null",
            Tuple<System.Collections.ICollection, int> counted => $"collection of {counted.Item1.Count} set at {counted.Item2}",
            _ => value.ToString()!,
        };

        Assert.Equal(Run(new InMemoryBackingStore()), Run(new CompactBackingStore()));
    }

    [Fact]
    public void StoreOfAModel_AllocatesLessThanSixtyPercentOfKiotasStore()
    {
        var stock = AllocatedPerStore(() => new InMemoryBackingStore());
        var compact = AllocatedPerStore(() => new CompactBackingStore());

        // Allocated, not retained: both figures include the dictionaries' growth and the copies taken while walking them.
        Assert.True(compact * 10 < stock * 6, $"compact {compact} bytes, Kiota's {stock} bytes per store of five values and a subscription");
    }

    [Fact]
    public void NestedModelSetInPlaceOfAnother_NotifiesTheStoreItIsIn_AndTheDiscardedModelIsNotKept()
    {
        var previous = BackingStoreFactorySingleton.Instance;
        BackingStoreFactorySingleton.Instance = new CompactBackingStoreFactory();
        try
        {
            // As the SDK keeps a call: every notification's model is copied into the one it holds, nested models included.
            var kept = new Call { Id = "call-1", Source = new ParticipantInfo { Region = "amer" } };
            var (source, discarded) = NotificationModel();
            kept.Source = source;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            Assert.False(discarded.IsAlive, "the discarded notification model is kept alive by the nested model it handed over");
            kept.BackingStore.InitializationCompleted = true;
            source.Region = "emea";
            kept.BackingStore.ReturnOnlyChangedValues = true;
            Assert.Same(source, kept.BackingStore.Get<ParticipantInfo>("source"));
            Assert.Null(kept.BackingStore.Get<string>("id"));
        }
        finally
        {
            BackingStoreFactorySingleton.Instance = previous;
        }
    }

    [Fact]
    public void NestedModelsCopiedIntoASnapshot_StayWithTheModelThatHoldsThem_AndTheSnapshotIsNotKept()
    {
        var previous = BackingStoreFactorySingleton.Instance;
        BackingStoreFactorySingleton.Instance = new CompactBackingStoreFactory();
        try
        {
            // As the SDK does before every update of a call it keeps: a snapshot of the kept model for the update event.
            var kept = new Call
            {
                Id = "call-1",
                Source = new ParticipantInfo { Region = "amer" },
                Targets = [new InvitationParticipantInfo { Identity = new IdentitySet() }],
            };
            var snapshot = Snapshot(kept);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            Assert.False(snapshot.IsAlive, "the snapshot is kept alive by the nested models it copied");
            kept.BackingStore.InitializationCompleted = true;
            kept.Source!.Region = "emea";
            kept.Targets![0].Identity = new IdentitySet { User = new Identity { Id = "user-2" } };
            kept.BackingStore.ReturnOnlyChangedValues = true;
            Assert.NotNull(kept.BackingStore.Get<ParticipantInfo>("source"));
            Assert.NotNull(kept.BackingStore.Get<List<InvitationParticipantInfo>>("targets"));
            Assert.Null(kept.BackingStore.Get<string>("id"));
        }
        finally
        {
            BackingStoreFactorySingleton.Instance = previous;
        }
    }

    [Fact]
    public void EnumAndBooleanValues_AreBoxedOncePerProcess()
    {
        var first = new CompactBackingStore();
        var second = new CompactBackingStore();
        first.Set<CallState?>("state", CallState.Established);
        second.Set<CallState?>("state", CallState.Established);
        first.Set<bool?>("isMuted", true);
        second.Set<bool?>("isMuted", true);

        Assert.Same(first.Enumerate().First().Value, second.Enumerate().First().Value);
        Assert.Same(first.Enumerate().Last().Value, second.Enumerate().Last().Value);
        Assert.Equal(CallState.Established, second.Get<CallState?>("state"));
        Assert.True(second.Get<bool?>("isMuted"));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference Snapshot(Call kept)
    {
        var snapshot = new Call { Id = kept.Id, Source = kept.Source, Targets = kept.Targets };
        return new WeakReference(snapshot);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (ParticipantInfo Source, WeakReference Model) NotificationModel()
    {
        var notification = new Call { Id = "call-1", Source = new ParticipantInfo { Region = "amer" } };
        return (notification.Source, new WeakReference(notification));
    }

    private static ScenarioResult Scenario(IBackingStoreFactory factory)
    {
        var previous = BackingStoreFactorySingleton.Instance;
        BackingStoreFactorySingleton.Instance = factory;
        try
        {
            var call = Parse();
            var full = Write(new JsonSerializationWriterFactory(), call);
            var read = $"{call.Id}|{call.State}|{call.Source?.Identity?.User?.DisplayName}|{call.Targets?.Count}|{call.MediaState?.Audio}|{call.AdditionalData.Count}";

            // As the SDK does with a resource it keeps: change a nested value and a collection after parsing, then write
            // only what changed (the backing-store proxy, as the Graph client writes request bodies).
            call.Source!.Identity!.User!.DisplayName = "Carol";
            call.Targets!.Add(new InvitationParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "user-2" } } });
            call.MyParticipantId = null;
            var changedOnly = Write(new BackingStoreSerializationWriterProxyFactory(new JsonSerializationWriterFactory()), call);
            var changedKeys = string.Join(',', call.BackingStore.EnumerateKeysForValuesChangedToNull().Order(StringComparer.Ordinal));
            call.BackingStore.ReturnOnlyChangedValues = true;
            var changed = string.Join(',', call.BackingStore.Enumerate().Select(p => p.Key).Order(StringComparer.Ordinal));
            var sourceChanged = call.Source is { } source ? call.BackingStore.Get<ParticipantInfo>("source") is not null : false;
            call.BackingStore.ReturnOnlyChangedValues = false;
            return new ScenarioResult(full, read, changedOnly, changedKeys, changed, sourceChanged, Write(new JsonSerializationWriterFactory(), call));
        }
        finally
        {
            BackingStoreFactorySingleton.Instance = previous;
        }
    }

    private static string Operations(IBackingStore store)
    {
        var log = new List<string>();
        store.Subscribe((key, before, after) => log.Add($"sub {key} {before} -> {after}"), "s1");
        store.Set("a", "1");
        store.Set("b", (string?)null);
        store.Set("list", new List<string> { "x" });
        log.Add($"get a {store.Get<string>("a")} list {store.Get<List<string>>("list")?.Count} missing {store.Get<string>("missing")}");
        store.InitializationCompleted = true;
        store.ReturnOnlyChangedValues = true;
        log.Add($"changed [{string.Join(',', store.Enumerate().Select(p => p.Key).Order(StringComparer.Ordinal))}] null [{string.Join(',', store.EnumerateKeysForValuesChangedToNull())}]");
        log.Add($"a when unchanged: {store.Get<string>("a") ?? "(none)"}");
        store.Get<List<string>>("list");
        store.ReturnOnlyChangedValues = false;
        store.Get<List<string>>("list")!.Add("y");
        store.ReturnOnlyChangedValues = true;
        log.Add($"after the list grew: [{string.Join(',', store.Enumerate().Select(p => p.Key).Order(StringComparer.Ordinal))}]");
        store.Set("a", "2");
        log.Add($"after a set: [{string.Join(',', store.Enumerate().Select(p => p.Key).Order(StringComparer.Ordinal))}] a {store.Get<string>("a")}");
        store.Unsubscribe("s1");
        store.Set("c", "3");
        store.ReturnOnlyChangedValues = false;
        store.InitializationCompleted = false;
        log.Add($"all [{string.Join(',', store.Enumerate().Select(p => $"{p.Key}").Order(StringComparer.Ordinal))}]");
        store.Clear();
        log.Add($"cleared [{string.Join(',', store.Enumerate().Select(p => p.Key))}]");
        Assert.Throws<ArgumentNullException>(() => store.Set("", "x"));
        Assert.Throws<ArgumentNullException>(() => store.Get<string>(""));
        return string.Join('\n', log);
    }

    [Fact]
    public async Task ConcurrentSetsAndReads_OnOneStore_LoseNothingAndSeeOnlyWrittenValues()
    {
        // Threads that add, replace, read, enumerate and subscribe on one store at once (the SDK's notification thread
        // and a call's handler can meet on one model) must neither lose a value nor read a torn one.
        const int Threads = 4;
        const int Keys = 64;
        const int Rounds = 200;
        var store = new CompactBackingStore();
        var subscriptions = 0;
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(thread => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var round = 0; round < Rounds; round++)
                {
                    for (var key = thread; key < Keys; key += Threads)
                    {
                        store.Set($"key-{key}", $"{thread}:{round}");
                        var read = store.Get<string>($"key-{(key + 1) % Keys}");
                        Assert.True(read is null || read.Contains(':', StringComparison.Ordinal), $"read '{read}'");
                    }

                    Assert.InRange(store.Enumerate().Count(), 0, Keys);
                    store.Subscribe((_, _, _) => Interlocked.Increment(ref subscriptions), $"subscriber-{thread}");
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Keys, store.Enumerate().Count());
        for (var key = 0; key < Keys; key++)
        {
            Assert.Equal($"{key % Threads}:{Rounds - 1}", store.Get<string>($"key-{key}"));
        }

        // Each thread's subscription (replaced in place each round) is there once: one change reaches four subscribers.
        var before = Volatile.Read(ref subscriptions);
        store.Set("key-0", "last");
        Assert.Equal(before + Threads, Volatile.Read(ref subscriptions));
    }

    /// <summary>What a store with a model's usual content (five values, one of them its additional data, and its parent's subscription) allocates.</summary>
    private static long AllocatedPerStore(Func<IBackingStore> create)
    {
        const int Stores = 200;
        var kept = new IBackingStore[Stores];
        var additionalData = new Dictionary<string, object>();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Stores; i++)
        {
            var store = create();
            store.Set("id", "participant-1");
            store.Set("displayName", "Alice");
            store.Set("tenantId", "tenant-1");
            store.Set("@odata.type", "#microsoft.graph.identity");
            store.Set("additionalData", additionalData);
            store.Subscribe(static (_, _, _) => { }, "parent");
            store.InitializationCompleted = true;
            kept[i] = store;
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / Stores;
        GC.KeepAlive(kept);
        return bytes;
    }

    private static Call Parse()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(CallJson));
        var node = new JsonParseNodeFactory().GetRootParseNodeAsync(Json, stream).GetAwaiter().GetResult();
        var call = node.GetObjectValue(Call.CreateFromDiscriminatorValue)!;
        call.BackingStore.InitializationCompleted = true;
        return call;
    }

    private static string Write(ISerializationWriterFactory factory, Call call)
    {
        using var writer = factory.GetSerializationWriter(Json);
        writer.WriteObjectValue(null, call);
        using var content = writer.GetSerializedContent();
        using var reader = new StreamReader(content);
        return reader.ReadToEnd();
    }

    private sealed record ScenarioResult(string Full, string Read, string ChangedOnly, string NullKeys, string Changed, bool SourceChanged, string FullAfter);

    private sealed class OtherFactory : IBackingStoreFactory
    {
        public IBackingStore CreateBackingStore() => new InMemoryBackingStore();
    }
}
