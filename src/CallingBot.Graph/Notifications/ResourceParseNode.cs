using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CallingBot.Graph.Serialization;
using Microsoft.Graph.Communications.Core;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;
using Microsoft.Kiota.Serialization.Json;

namespace CallingBot.Graph.Notifications;

/// <summary>
/// Reads a Graph resource into the SDK's model classes with their generated field deserializers (no reflection), and
/// fills the models' <c>AdditionalData</c> exactly as the SDK's own OData converter does: an object or array as its
/// <see cref="JsonElement"/> (a copy that owns its memory: nothing the models keep refers to the document read),
/// anything else as its text. Whatever that converter would read differently (a property spelled in another case, an
/// enum value the model does not know, an unknown property carrying its own <c>@odata.type</c>, a value of the wrong
/// JSON kind) throws <see cref="NotOnFastPathException"/>, so that the caller hands the whole batch to the SDK instead.
/// </summary>
/// <remarks>
/// The SDK keeps the models of every call it holds, so they are built to be small: the strings they keep (values,
/// additional-data keys) come from <see cref="SharedStrings"/>, a resource's additional data is a
/// <see cref="CompactAdditionalData"/>, empty lists in it are shared, and each model's values are held in an array of
/// exactly their number.
/// </remarks>
internal sealed class ResourceParseNode(JsonElement element) : IParseNode
{
    private static readonly JsonElement EmptyArray = Parse("[]");

    private static readonly JsonElement EmptyObject = Parse("{}");

    public Action<IParsable>? OnBeforeAssignFieldValues { get; set; }

    public Action<IParsable>? OnAfterAssignFieldValues { get; set; }

    public string? GetStringValue() => element.ValueKind switch
    {
        JsonValueKind.String => SharedStrings.ShareOrNull(element.GetString()),
        JsonValueKind.Null => null,
        _ => throw new NotOnFastPathException(),
    };

    public IParseNode? GetChildNode(string identifier) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(identifier, out var child) ? new ResourceParseNode(child) : null;

    public bool? GetBoolValue() => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new NotOnFastPathException(),
    };

    public byte? GetByteValue() => Number(static scalar => scalar.GetByteValue());

    public sbyte? GetSbyteValue() => Number(static scalar => scalar.GetSbyteValue());

    public int? GetIntValue() => Number(static scalar => scalar.GetIntValue());

    public float? GetFloatValue() => Number(static scalar => scalar.GetFloatValue());

    public long? GetLongValue() => Number(static scalar => scalar.GetLongValue());

    public double? GetDoubleValue() => Number(static scalar => scalar.GetDoubleValue());

    public decimal? GetDecimalValue() => Number(static scalar => scalar.GetDecimalValue());

    public Guid? GetGuidValue() => Text(static scalar => scalar.GetGuidValue());

    public DateTimeOffset? GetDateTimeOffsetValue() => Text(static scalar => scalar.GetDateTimeOffsetValue());

    public TimeSpan? GetTimeSpanValue() => Text(static scalar => scalar.GetTimeSpanValue());

    public Date? GetDateValue() => Text(static scalar => scalar.GetDateValue());

    public Time? GetTimeValue() => Text(static scalar => scalar.GetTimeValue());

    public byte[]? GetByteArrayValue() => Text(static scalar => scalar.GetByteArrayValue());

    public IEnumerable<T> GetCollectionOfPrimitiveValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>()
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new NotOnFastPathException();
        }

        return new JsonParseNode(element).GetCollectionOfPrimitiveValues<T>().ToList();
    }

    public IEnumerable<T?> GetCollectionOfEnumValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>()
        where T : struct, Enum
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new NotOnFastPathException();
        }

        var values = new List<T?>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            values.Add(new ResourceParseNode(item).GetEnumValue<T>());
        }

        return values;
    }

    public T? GetEnumValue<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>()
        where T : struct, Enum
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new NotOnFastPathException();
        }

        return EnumValues<T>.Parse(element.GetString()!) ?? throw new NotOnFastPathException();
    }

    public IEnumerable<T> GetCollectionOfObjectValues<T>(ParsableFactory<T> factory)
        where T : IParsable
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new NotOnFastPathException();
        }

        var values = new List<T>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            values.Add(new ResourceParseNode(item).GetObjectValue(factory));
        }

        return values;
    }

    public T GetObjectValue<T>(ParsableFactory<T> factory)
        where T : IParsable
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (element.ValueKind != JsonValueKind.Object || typeof(T) == typeof(UntypedNode))
        {
            throw new NotOnFastPathException();
        }

        var item = factory(this);
        OnBeforeAssignFieldValues?.Invoke(item);
        IDictionary<string, object>? additional = null;
        if (item is IAdditionalDataHolder holder)
        {
            // The model's constructor gave it an empty Dictionary. The SDK keeps the models of every call it holds:
            // a resource with a handful of properties gets the compact equivalent instead.
            additional = holder.AdditionalData is { Count: 0 } && element.GetPropertyCount() <= CompactAdditionalData.MaxEntries
                ? holder.AdditionalData = new CompactAdditionalData()
                : holder.AdditionalData ??= new Dictionary<string, object>();
        }

        // The model's values in one array of the right size (each JSON property becomes at most one value).
        var store = (item as IBackedModel)?.BackingStore as CompactBackingStore;
        store?.EnsureRoomFor(element.GetPropertyCount());
        var fields = ModelFields.Of(item);
        foreach (var property in element.EnumerateObject())
        {
            // JsonProperty.Name makes a new string at every read: once per property. An additional-data key is kept
            // with the model: the shared copy.
            var name = property.Name;
            if (fields.TryRead(name, property.Value))
            {
                continue;
            }

            if (additional is null || fields.HasFieldIgnoringCase(name))
            {
                throw new NotOnFastPathException();
            }

            // As the SDK's converter keeps what a model has no property for: an object or array as its element (typed
            // or not: it resolves types only in an extension-data property, which the models do not have), else its text.
            // The element is a copy of its own: an element of the notification's document would keep the whole
            // document (the batch's text and its index, some 4 KB) for as long as the SDK keeps the model.
            var value = property.Value;
            additional[SharedStrings.Share(name)] = value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                ? Copy(value)
                : SharedStrings.Share(value.ToString());
        }

        if (item is IdentitySet identitySet)
        {
            // What the SDK's reader does to every identity set, here as each is read (FixModel on an identity set
            // fixes that set alone): an identity with identityProvider "none" becomes a guest, and the provider and a
            // null tenant id leave the identities' additional data.
            GraphModelExtensions.FixModel(identitySet);
        }

        store?.TrimExcess();
        (additional as CompactAdditionalData)?.TrimExcess();
        OnAfterAssignFieldValues?.Invoke(item);
        return item;
    }

    /// <summary>
    /// A copy of an object or array of its own; an empty one is shared (a document is read-only, and every call's
    /// resource carries empty lists such as <c>routingPolicies</c>).
    /// </summary>
    private static JsonElement Copy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array when value.GetArrayLength() == 0 => EmptyArray,
        JsonValueKind.Object when value.GetPropertyCount() == 0 => EmptyObject,
        _ => value.Clone(),
    };

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    // Kiota's reader of the same element, made only for a value of the kind it is asked for.
    private T? Number<T>(Func<JsonParseNode, T?> read)
        where T : struct =>
        element.ValueKind == JsonValueKind.Number ? read(new JsonParseNode(element)) ?? throw new NotOnFastPathException() : throw new NotOnFastPathException();

    private T Text<T>(Func<JsonParseNode, T?> read) =>
        element.ValueKind == JsonValueKind.String ? read(new JsonParseNode(element)) ?? throw new NotOnFastPathException() : throw new NotOnFastPathException();
}
