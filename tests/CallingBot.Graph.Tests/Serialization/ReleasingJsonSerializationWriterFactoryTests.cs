using System.Reflection;
using CallingBot.Graph.Serialization;
using Microsoft.Graph.Models;
using Microsoft.IO;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;
using Microsoft.Kiota.Serialization.Json;

namespace CallingBot.Graph.Tests.Serialization;

/// <summary>Reads Kiota's process-wide stream pool, so it runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KiotaPoolCollection
{
    public const string Name = "Kiota pool";
}

[Collection(KiotaPoolCollection.Name)]
public sealed class ReleasingJsonSerializationWriterFactoryTests
{
    private const string Json = "application/json";

    [Fact]
    public void Install_OverTheStockFactory_ReplacesItOnceAndSurvivesTheBackingStoreProxy()
    {
        var registry = new SerializationWriterFactoryRegistry();
        registry.ContentTypeAssociatedFactories[Json] = new BackingStoreSerializationWriterProxyFactory(new JsonSerializationWriterFactory());

        Assert.True(ReleasingJsonSerializationWriterFactory.Install(registry));
        var installed = registry.ContentTypeAssociatedFactories[Json];
        Assert.True(ReleasingJsonSerializationWriterFactory.Install(registry));
        ApiClientBuilder.EnableBackingStoreForSerializationWriterFactory(registry);

        Assert.Same(installed, registry.ContentTypeAssociatedFactories[Json]);
        Assert.True(ReleasingJsonSerializationWriterFactory.IsInstalled(registry));
    }

    [Fact]
    public void Install_OverAnotherFactory_LeavesItAlone()
    {
        var registry = new SerializationWriterFactoryRegistry();
        var custom = new SerializationWriterProxyFactory(new JsonSerializationWriterFactory(), null!, null!, null!);
        registry.ContentTypeAssociatedFactories[Json] = custom;

        Assert.False(ReleasingJsonSerializationWriterFactory.Install(registry));
        Assert.Same(custom, registry.ContentTypeAssociatedFactories[Json]);
    }

    [Fact]
    public void GetSerializedContent_WritesWhatTheStockFactoryWrites()
    {
        var stock = Serialize(new BackingStoreSerializationWriterProxyFactory(new JsonSerializationWriterFactory()));
        var releasing = Serialize(new ReleasingJsonSerializationWriterFactory());

        Assert.Equal(stock, releasing);
        Assert.Contains("\"tenantId\":\"tenant-1\"", releasing, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSerializedContent_GivesThePooledBufferBackAtOnce()
    {
        var pool = KiotaStreamPool();
        var before = pool.SmallPoolInUseSize;
        Stream stockContent;
        using (var stock = new BackingStoreSerializationWriterProxyFactory(new JsonSerializationWriterFactory()).GetSerializationWriter(Json))
        {
            stock.WriteObjectValue(null, SampleCall());
            stockContent = stock.GetSerializedContent();
        }

        // Kiota's own writer keeps its block even once disposed: the leak this factory exists for.
        Assert.True(pool.SmallPoolInUseSize > before, "the stock writer holds a pooled block");

        var held = pool.SmallPoolInUseSize;
        using var writer = new ReleasingJsonSerializationWriterFactory().GetSerializationWriter(Json);
        writer.WriteObjectValue(null, SampleCall());
        using var content = writer.GetSerializedContent();

        Assert.Equal(held, pool.SmallPoolInUseSize);
        Assert.IsType<MemoryStream>(content);
        using var again = writer.GetSerializedContent();
        Assert.Equal(content.Length, again.Length);
        GC.KeepAlive(stockContent);
    }

    [Fact]
    public void Dispose_WithoutReadingTheContent_GivesThePooledBufferBack()
    {
        var pool = KiotaStreamPool();
        var before = pool.SmallPoolInUseSize;
        var writer = new ReleasingJsonSerializationWriterFactory().GetSerializationWriter(Json);
        writer.WriteObjectValue(null, SampleCall());

        writer.Dispose();

        Assert.Equal(before, pool.SmallPoolInUseSize);
        Assert.Throws<ObjectDisposedException>(() => writer.GetSerializedContent());
    }

    private static Call SampleCall() => new()
    {
        TenantId = "tenant-1",
        CallbackUri = "https://bot.example/api/calling",
        RequestedModalities = [Modality.Audio],
        Source = new ParticipantInfo { Identity = new IdentitySet { Application = new Identity { Id = "app-1", DisplayName = "Bot" } } },
    };

    private static string Serialize(ISerializationWriterFactory factory)
    {
        using var writer = factory.GetSerializationWriter(Json);
        writer.WriteObjectValue(null, SampleCall());
        using var content = writer.GetSerializedContent();
        using var reader = new StreamReader(content);
        return reader.ReadToEnd();
    }

    /// <summary>Kiota's process-wide pool (a private static field), observed only by this test.</summary>
    private static RecyclableMemoryStreamManager KiotaStreamPool() =>
        (RecyclableMemoryStreamManager)typeof(JsonSerializationWriter).GetField("_memoryStreamManager", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
}
