using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;
using Microsoft.Kiota.Serialization.Json;

namespace CallingBot.Graph.Serialization;

/// <summary>
/// The JSON serialization writer factory the Graph models (Kiota) serialize request bodies with, as the Graph client
/// registers it (Kiota's JSON writer behind the backing-store proxy), except that the pooled buffer each writer takes
/// is given back as soon as its content is read or the writer is disposed.
/// </summary>
/// <remarks>
/// Kiota's JSON writer writes into a <c>RecyclableMemoryStream</c> from one process-wide pool and never disposes it
/// (its <c>Dispose</c> disposes only the <c>Utf8JsonWriter</c>). The Communications SDK builds a request body this way
/// for every Graph POST (answer, playPrompt, …), keeps only the URL and drops the stream. Each such stream holds a
/// 128 KiB pool block until the finalizer returns it, and the pool, which has no upper bound, keeps every block it was
/// ever given back: it grows to the most streams awaiting finalization at one time (many thousands between two
/// collections with the server GC's large budgets) and never shrinks. With this factory the content is an ordinary
/// <see cref="MemoryStream"/> copy and the pooled stream is disposed at once, so the pool holds only the blocks in use
/// at one moment. The JSON written is exactly Kiota's.
/// It derives from the backing-store proxy so that the Graph client, which puts that proxy in front of every factory
/// of the registry it is built on, leaves it as it is.
/// </remarks>
internal sealed class ReleasingJsonSerializationWriterFactory() : BackingStoreSerializationWriterProxyFactory(new JsonSerializationWriterFactory()), ISerializationWriterFactory
{
    public const string JsonContentType = "application/json";

    public new ISerializationWriter GetSerializationWriter(string contentType) =>
        new ReleasingSerializationWriter(base.GetSerializationWriter(contentType));

    /// <summary>
    /// Registers this factory for JSON in <paramref name="registry"/> (Kiota's process-wide registry by default) in
    /// place of the stock one (Kiota's JSON factory, with or without the backing-store proxy), before or after the
    /// Graph client registered that. Idempotent. False, and nothing changed, when another JSON factory is registered.
    /// </summary>
    public static bool Install(SerializationWriterFactoryRegistry? registry = null)
    {
        var factories = (registry ?? SerializationWriterFactoryRegistry.DefaultInstance).ContentTypeAssociatedFactories;
        while (true)
        {
            if (!factories.TryGetValue(JsonContentType, out var current))
            {
                if (factories.TryAdd(JsonContentType, new ReleasingJsonSerializationWriterFactory()))
                {
                    return true;
                }

                continue;
            }

            if (current is ReleasingJsonSerializationWriterFactory)
            {
                return true;
            }

            if (current.GetType() != typeof(JsonSerializationWriterFactory) && current.GetType() != typeof(BackingStoreSerializationWriterProxyFactory))
            {
                return false;
            }

            if (factories.TryUpdate(JsonContentType, new ReleasingJsonSerializationWriterFactory(), current))
            {
                return true;
            }
        }
    }

    /// <summary>Whether this factory serves JSON in <paramref name="registry"/> (Kiota's process-wide registry by default).</summary>
    public static bool IsInstalled(SerializationWriterFactoryRegistry? registry = null) =>
        (registry ?? SerializationWriterFactoryRegistry.DefaultInstance).ContentTypeAssociatedFactories.TryGetValue(JsonContentType, out var current)
        && current is ReleasingJsonSerializationWriterFactory;
}
