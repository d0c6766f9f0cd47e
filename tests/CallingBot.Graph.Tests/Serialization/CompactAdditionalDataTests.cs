using System.Collections;
using CallingBot.Graph.Serialization;

namespace CallingBot.Graph.Tests.Serialization;

/// <summary>The fast path's additional data behaves as the models' own dictionary, in less memory.</summary>
public sealed class CompactAdditionalDataTests
{
    [Fact]
    public void Operations_SameResultsAsDictionary()
    {
        Assert.Equal(Operations(new Dictionary<string, object>()), Operations(new CompactAdditionalData()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomAddsSetsAndRemoves_EnumerateInTheSameOrderAsDictionary(int seed)
    {
        // Where a removed entry's place goes (the last freed first, as Dictionary reuses it) decides the order of
        // enumeration, which the SDK's serializer writes the additional data in.
        var random = new Random(seed);
        var expected = new Dictionary<string, object>();
        var actual = new CompactAdditionalData();
        for (var step = 0; step < 2000; step++)
        {
            var key = $"k{random.Next(12)}";
            switch (random.Next(10))
            {
                case < 4:
                    expected[key] = step;
                    actual[key] = step;
                    break;
                case < 8:
                    Assert.Equal(expected.Remove(key), actual.Remove(key));
                    break;
                case 8:
                    Assert.Equal(expected.TryAdd(key, step), actual.TryAdd(key, step));
                    break;
                default:
                    if (random.Next(20) == 0)
                    {
                        expected.Clear();
                        actual.Clear();
                    }

                    break;
            }

            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.ToArray(), actual.ToArray());
        }
    }

    [Fact]
    public void HeldEmpty_ThirtyTwoBytes()
    {
        Assert.Equal(32, Retained(() => new CompactAdditionalData()));
    }

    [Fact]
    public void RemovingWhileEnumerating_AllowedAsByDictionary_AddingIsNot()
    {
        var data = new CompactAdditionalData { ["a"] = 1, ["b"] = 2, ["c"] = 3 };

        foreach (var (key, _) in data)
        {
            data.Remove(key);
        }

        Assert.Empty(data);
        data["d"] = 4;
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var (key, _) in data)
            {
                data[key + "!"] = 5;
            }
        });
    }

    [Fact]
    public void NonGenericCollection_CountAndCopy_AsTheBackingStoreTracksIt()
    {
        ICollection data = new CompactAdditionalData { ["a"] = 1 };
        var copy = new object[1];

        data.CopyTo(copy, 0);

        Assert.True(data.Count == 1, "one entry counted");
        Assert.Equal(new KeyValuePair<string, object>("a", 1), copy[0]);
    }

    [Fact]
    public void HeldWithOneEntry_TakesAThirdOfADictionary()
    {
        var compact = Retained(() => new CompactAdditionalData { ["tenantId"] = "t" });
        var dictionary = Retained(() => new Dictionary<string, object> { ["tenantId"] = "t" });

        Assert.True(compact * 2 < dictionary, $"compact {compact} bytes, Dictionary {dictionary} bytes");
    }

    private static long Retained(Func<IDictionary<string, object>> create)
    {
        const int Count = 1000;
        var kept = new IDictionary<string, object>[Count];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            kept[i] = create();
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / Count;
        GC.KeepAlive(kept);
        return bytes;
    }

    private static string Operations(IDictionary<string, object> data)
    {
        var log = new List<string>();
        void Show(string step) => log.Add($"{step}: [{string.Join(",", data.Select(p => $"{p.Key}={p.Value}"))}] count {data.Count}");
        data["tenantId"] = "t1";
        data.Add("region", "amer");
        data["meetingRole"] = "attendee";
        Show("added");
        data["region"] = "emea";
        Show("replaced");
        log.Add($"remove region {data.Remove("region")}, again {data.Remove("region")}");
        Show("removed");
        data["languageId"] = "en-US";
        data["extra"] = 1;
        Show("added after a removal");
        log.Add($"remove pair with another value {data.Remove(new KeyValuePair<string, object>("extra", 2))}, with its value {data.Remove(new KeyValuePair<string, object>("extra", 1))}");
        data.Remove("tenantId");
        data.Add(new KeyValuePair<string, object>("a", "1"));
        data["b"] = "2";
        data["c"] = "3";
        Show("reused twice, then grown");
        log.Add($"keys [{string.Join(",", data.Keys)}] values [{string.Join(",", data.Values)}]");
        log.Add($"contains a {data.ContainsKey("a")} A {data.ContainsKey("A")} pair {data.Contains(new KeyValuePair<string, object>("a", "1"))} try {data.TryGetValue("b", out var b)} {b} missing {data.TryGetValue("z", out _)}");
        log.Add($"indexer {data["c"]}, missing throws {Assert.Throws<KeyNotFoundException>(() => data["z"]).GetType().Name}, duplicate add throws {Assert.Throws<ArgumentException>(() => data.Add("a", "x")).GetType().Name}");
        var copy = new KeyValuePair<string, object>[data.Count + 1];
        data.CopyTo(copy, 1);
        log.Add($"copied [{string.Join(",", copy.Skip(1).Select(p => p.Key))}]");
        data.Clear();
        Show("cleared");
        data["after"] = "clear";
        Show("added after clearing");
        return string.Join('\n', log);
    }
}
