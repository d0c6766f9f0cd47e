using System.Reflection;
using Microsoft.Graph.Communications.Client;
using Microsoft.Graph.Communications.Common;
using Microsoft.Kiota.Abstractions.Serialization;

namespace CallingBot.Graph.Serialization;

/// <summary>
/// The serializer the Communications SDK's client holds (<see cref="ICommunicationsClient.Serializer"/>), in front of
/// the SDK's own: a Graph model (a Kiota <see cref="IParsable"/>) is written as a comparison text
/// (<see cref="ComparisonTextWriter"/>, through the code generated for the model) instead of as JSON by the SDK's
/// reflection-based OData converter; everything else, and every read, is the SDK's serializer's.
/// </summary>
/// <remarks>
/// <para>
/// The SDK calls this serializer on a Graph model in one place that matters: for every notification about a resource
/// it holds (<c>StatefulResource.UpdateEntity</c>), it serializes the resource's state before and after applying the
/// notification and raises the resource's update event only when the two texts differ. With the SDK's converter,
/// which looks up every property's attributes by reflection and builds each <c>@odata.type</c> name anew, those two
/// serializations were about a fifth of all the bytes the bot allocated per answered call and most of the CPU of
/// applying a notification. The comparison text is equal for two models exactly when they hold the same values, so
/// the SDK raises the same update events as before.
/// </para>
/// <para>
/// The other uses of the client's serializer are not on the bot's paths or take no model: the SDK's cache hook (its
/// default cache ignores what it is given), the response of the SDK's own inbound endpoint (the host answers
/// notifications itself, and writes any response the SDK gives with <see cref="WireSerializer"/>), and reading
/// (rehydrated calls, notifications the fast path leaves to the SDK), which stays the SDK's. Request bodies are not
/// written here: the SDK writes them through Kiota's serialization registry.
/// </para>
/// </remarks>
internal sealed class ResourceComparisonSerializer(ISerializer sdk) : ISerializer
{
    /// <summary>The SDK's serializer, which reads everything and writes what is not a Graph model.</summary>
    public ISerializer Sdk { get; } = sdk ?? throw new ArgumentNullException(nameof(sdk));

    public T DeserializeObject<T>(Stream stream) => Sdk.DeserializeObject<T>(stream);

    public T DeserializeObject<T>(string inputString) => Sdk.DeserializeObject<T>(inputString);

    public string SerializeObject(object serializeableObject) =>
        serializeableObject is IParsable model ? ComparisonTextWriter.Write(model) : Sdk.SerializeObject(serializeableObject);

    /// <summary>
    /// The serializer for what goes on the wire (a response to the service): the SDK's own, also where a
    /// <see cref="ResourceComparisonSerializer"/> is in front of it, whose text for a Graph model is not JSON.
    /// </summary>
    public static ISerializer WireSerializer(ICommunicationsClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.Serializer is ResourceComparisonSerializer comparison ? comparison.Sdk : client.Serializer;
    }

    /// <summary>
    /// Puts a <see cref="ResourceComparisonSerializer"/> in front of <paramref name="client"/>'s serializer. The SDK
    /// offers no setting for it, so the client's serializer field is replaced. Idempotent. False, and nothing changed,
    /// when the client is not the SDK's client as this version of the SDK builds it.
    /// </summary>
    public static bool Install(ICommunicationsClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Serializer is ResourceComparisonSerializer)
        {
            return true;
        }

        var field = client.GetType().GetField("<Serializer>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field is null || field.FieldType != typeof(ISerializer) || client.Serializer is not { } sdk)
        {
            return false;
        }

        field.SetValue(client, new ResourceComparisonSerializer(sdk));
        return ReferenceEquals((client.Serializer as ResourceComparisonSerializer)?.Sdk, sdk);
    }
}
