using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Kiota.Abstractions.Store;

namespace CallingBot.Graph.Serialization;

/// <summary>
/// The backing store of a Graph model (Kiota), with the behaviour of Kiota's <see cref="InMemoryBackingStore"/> (dirty
/// tracking, collections tracked by their count, nested models subscribed to, <see cref="ReturnOnlyChangedValues"/>
/// forwarded to them) in a fraction of its memory: the values in one small array of slots (key, value, changed, the
/// count of a collection) searched in order, instead of two concurrent dictionaries and two tuples per value; a nested
/// model's subscription to its parent as one small object instead of a closure, a delegate and a dictionary entry; and
/// enum and Boolean values boxed once per process.
/// </summary>
/// <remarks>
/// <para>
/// The Communications SDK keeps the Graph models of every call it holds (the call resource, its participants, their
/// identities, media state, …): about twenty models per call, each with its backing store, most with three to fifteen
/// values. With Kiota's store those were the largest part of the memory a held call costs (about 27 KiB of the bot's
/// 74 KiB per call); with one dictionary per store, about 11 KiB; as here, about 5 KiB.
/// </para>
/// <para>
/// One difference from Kiota's store, on purpose: which parent a nested model (or a collection's item) notifies when it
/// changes. Kiota subscribes the parent under the key (one subscription per key, the last one wins) when the key is
/// first set in that parent, and for a collection's items at every set. Here a parent that sets the model in place of
/// another value takes it over, and a parent that adds the key takes it only from nobody. The difference matters for
/// what the SDK keeps: it copies every notification's resource into the model it holds (<c>CopyContent</c>) after
/// copying that model into a snapshot for its update event (<c>Duplicate</c>). With Kiota's rule each nested model of
/// the kept model ended up subscribed to a discarded model (the notification's, or the snapshot) and kept that whole
/// model's store (its values, its additional data) alive for as long as the call; here it stays with the kept model.
/// </para>
/// <para>
/// Callbacks and nested stores are always called outside the lock, as Kiota's store calls them outside any. The lock is
/// the store itself: it is only ever handed out as an <see cref="IBackingStore"/>, and an object of its own would cost a
/// model 24 bytes more.
/// </para>
/// </remarks>
internal sealed class CompactBackingStore : IBackingStore
{
    /// <summary>Most models hold three to eight values; the array doubles from four.</summary>
    private const int FirstCapacity = 4;

    /// <summary>Enum values boxed once (a model's enum property is stored as an object); beyond this many, boxed each time.</summary>
    private const int MaxSharedEnumValues = 1024;

    private static readonly ConcurrentDictionary<Enum, object> SharedEnumValues = new();

    private static readonly object True = true;

    private static readonly object False = false;

    private Slot[] _slots = [];
    private int _count;

    /// <summary>Null, one <see cref="Subscription"/>, or a <see cref="Subscription"/>[] (replaced, never changed in place).</summary>
    private object? _subscriptions;
    private bool _initializationCompleted = true;
    private bool _returnOnlyChangedValues;

    public bool ReturnOnlyChangedValues
    {
        get => _returnOnlyChangedValues;
        set
        {
            _returnOnlyChangedValues = value;
            foreach (var slot in Snapshot())
            {
                if (slot.IsCollection)
                {
                    foreach (var item in (ICollection)slot.Value!)
                    {
                        if (item is not IBackedModel model)
                        {
                            break;
                        }

                        model.BackingStore.ReturnOnlyChangedValues = value;
                    }
                }
                else if (slot.Value is IBackedModel model)
                {
                    model.BackingStore.ReturnOnlyChangedValues = value;
                }
            }
        }
    }

    public bool InitializationCompleted
    {
        get => _initializationCompleted;
        set
        {
            _initializationCompleted = value;
            foreach (var slot in Snapshot())
            {
                var current = Read(slot.Key);
                if (current.Value is IBackedModel model)
                {
                    model.BackingStore.InitializationCompleted = value;
                }

                EnsureCollectionPropertyIsConsistent(current);
                lock (this)
                {
                    var index = IndexOf(slot.Key);
                    if (index >= 0)
                    {
                        _slots[index].Changed = !value;
                    }
                    else
                    {
                        // As Kiota's store: a value cleared meanwhile comes back, as null.
                        Append(new Slot(slot.Key, null, Slot.NotACollection, !value));
                    }
                }
            }
        }
    }

    public T? Get<T>(string key)
    {
        ThrowIfNullOrEmpty(key);
        Slot slot;
        lock (this)
        {
            var index = IndexOf(key);
            if (index < 0)
            {
                return default;
            }

            slot = _slots[index];
        }

        if (ReturnOnlyChangedValues)
        {
            EnsureCollectionPropertyIsConsistent(slot);
        }

        if (ReturnOnlyChangedValues && !Read(key).Changed)
        {
            return default;
        }

        return (T?)slot.Value;
    }

    public void Set<T>(string key, T? value)
    {
        ThrowIfNullOrEmpty(key);
        object? stored = value switch
        {
            bool flag => flag ? True : False,
            Enum enumValue => Share(enumValue),
            _ => value,
        };
        var slot = new Slot(key, stored, value is ICollection collection ? collection.Count : Slot.NotACollection, InitializationCompleted);
        Slot previous = default;
        bool added;
        object? subscriptions;
        lock (this)
        {
            var index = IndexOf(key);
            added = index < 0;
            if (added)
            {
                Append(slot);
            }
            else
            {
                previous = _slots[index];
                _slots[index] = slot;
            }

            subscriptions = _subscriptions;
        }

        if (value is IBackedModel backedModel && (added || !ReferenceEquals(previous.Value, stored)))
        {
            // Kiota subscribes to a nested model only the first time its key is set; see the remarks.
            if (backedModel.BackingStore is { } nested)
            {
                SubscribeAsParent(nested, key, value, marksNestedChanged: true, takeOver: !added);
            }
        }

        if (value is ICollection items)
        {
            foreach (var item in items)
            {
                if (item is not IBackedModel model)
                {
                    break;
                }

                model.BackingStore.InitializationCompleted = false;
                SubscribeAsParent(model.BackingStore, key, value, marksNestedChanged: false, takeOver: !added);
            }
        }

        if (subscriptions is null)
        {
            return;
        }

        var before = added ? null : previous.StoredValue;
        if (subscriptions is Subscription single)
        {
            single.Notify(this, key, before, value);
        }
        else
        {
            foreach (var subscription in (Subscription[])subscriptions)
            {
                subscription.Notify(this, key, before, value);
            }
        }
    }

    public IEnumerable<KeyValuePair<string, object?>> Enumerate()
    {
        if (ReturnOnlyChangedValues)
        {
            foreach (var slot in Snapshot())
            {
                EnsureCollectionPropertyIsConsistent(slot);
            }
        }

        var slots = Snapshot();
        var result = new List<KeyValuePair<string, object?>>(slots.Length);
        foreach (var slot in slots)
        {
            if (!ReturnOnlyChangedValues || slot.Changed)
            {
                result.Add(new KeyValuePair<string, object?>(slot.Key, slot.StoredValue));
            }
        }

        return result;
    }

    public IEnumerable<string> EnumerateKeysForValuesChangedToNull()
    {
        if (ReturnOnlyChangedValues)
        {
            foreach (var slot in Snapshot())
            {
                EnsureCollectionPropertyIsConsistent(slot);
            }
        }

        foreach (var slot in Snapshot())
        {
            if (slot.Changed && slot.Value is null)
            {
                yield return slot.Key;
            }
        }
    }

    public string Subscribe(Action<string, object?, object?> callback)
    {
        var id = Guid.NewGuid().ToString();
        Subscribe(callback, id);
        return id;
    }

    public void Subscribe(Action<string, object?, object?> callback, string subscriptionId)
    {
        ThrowIfNullOrEmpty(subscriptionId);
        ArgumentNullException.ThrowIfNull(callback);
        AddOrReplace(new Subscription(subscriptionId, callback, value: null, marksNestedChanged: false), replace: true);
    }

    public void Unsubscribe(string subscriptionId)
    {
        lock (this)
        {
            switch (_subscriptions)
            {
                case Subscription single when single.Id == subscriptionId:
                    _subscriptions = null;
                    break;
                case Subscription[] several:
                    var kept = Array.FindAll(several, s => s.Id != subscriptionId);
                    _subscriptions = kept.Length switch
                    {
                        0 => null,
                        1 => kept[0],
                        _ => kept,
                    };
                    break;
            }
        }
    }

    public void Clear()
    {
        lock (this)
        {
            _slots = [];
            _count = 0;
        }
    }

    /// <summary>One boxed object per enum value, shared by every model (boxes are immutable).</summary>
    private static object Share(Enum value) =>
        SharedEnumValues.TryGetValue(value, out var shared) ? shared
        : SharedEnumValues.Count < MaxSharedEnumValues ? SharedEnumValues.GetOrAdd(value, value)
        : value;

    /// <summary>As Kiota's store: <see cref="ArgumentNullException"/> for an empty key too.</summary>
    private static void ThrowIfNullOrEmpty(string key, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(key))] string? name = null)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentNullException(name);
        }
    }

    /// <summary>
    /// Subscribes this store to a nested model's store under <paramref name="key"/> (Kiota's subscription id): a
    /// change in the nested model sets <paramref name="key"/> again here. A compact nested store keeps a small
    /// subscription object, and replaces a subscription under the same key only when this store
    /// <paramref name="takeOver"/>s (it set the model in place of another value; see the remarks); any other store
    /// gets the closure Kiota's store would give it.
    /// </summary>
    private void SubscribeAsParent(IBackingStore nested, string key, object? value, bool marksNestedChanged, bool takeOver)
    {
        if (nested is CompactBackingStore compact)
        {
            compact.AddOrReplace(new Subscription(key, this, value, marksNestedChanged), replace: takeOver);
        }
        else if (marksNestedChanged)
        {
            nested.Subscribe(
                (_, _, _) =>
                {
                    nested.InitializationCompleted = false;
                    Set(key, value);
                },
                key);
        }
        else
        {
            nested.Subscribe((_, _, _) => Set(key, value), key);
        }
    }

    /// <summary>
    /// Adds a subscription; one with the same id is replaced in place (as Kiota's store does) when
    /// <paramref name="replace"/>, else kept.
    /// </summary>
    private void AddOrReplace(Subscription subscription, bool replace)
    {
        lock (this)
        {
            switch (_subscriptions)
            {
                case null:
                    _subscriptions = subscription;
                    break;
                case Subscription single when single.Id == subscription.Id:
                    if (replace)
                    {
                        _subscriptions = subscription;
                    }

                    break;
                case Subscription single:
                    _subscriptions = new[] { single, subscription };
                    break;
                case Subscription[] several:
                    var index = Array.FindIndex(several, s => s.Id == subscription.Id);
                    if (index < 0)
                    {
                        _subscriptions = (Subscription[])[.. several, subscription];
                    }
                    else if (replace)
                    {
                        var next = (Subscription[])several.Clone();
                        next[index] = subscription;
                        _subscriptions = next;
                    }

                    break;
            }
        }
    }

    /// <summary>The slot of <paramref name="key"/>, or -1. Under the lock. Keys are the models' string constants: compared by reference first.</summary>
    private int IndexOf(string key)
    {
        var slots = _slots;
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(slots[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Makes room for <paramref name="values"/> more values at once, instead of doubling the slots as they come (a
    /// reader that knows how many values a model is about to get calls it, then <see cref="TrimExcess"/>).
    /// </summary>
    public void EnsureRoomFor(int values)
    {
        lock (this)
        {
            if (_count + values > _slots.Length)
            {
                Array.Resize(ref _slots, _count + values);
            }
        }
    }

    /// <summary>Slots held beyond the values (for tests).</summary>
    internal int UnusedSlots
    {
        get
        {
            lock (this)
            {
                return _slots.Length - _count;
            }
        }
    }

    /// <summary>Gives back the slots no value took: a model the SDK keeps for a call holds exactly its values.</summary>
    public void TrimExcess()
    {
        lock (this)
        {
            if (_count < _slots.Length)
            {
                Array.Resize(ref _slots, _count);
            }
        }
    }

    /// <summary>Adds a slot at the end. Under the lock.</summary>
    private void Append(Slot slot)
    {
        if (_count == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length == 0 ? FirstCapacity : _slots.Length * 2);
        }

        _slots[_count++] = slot;
    }

    private Slot Read(string key)
    {
        lock (this)
        {
            var index = IndexOf(key);
            return index >= 0 ? _slots[index] : default;
        }
    }

    private Slot[] Snapshot()
    {
        lock (this)
        {
            return _slots.AsSpan(0, _count).ToArray();
        }
    }

    private void EnsureCollectionPropertyIsConsistent(Slot slot)
    {
        if (slot.IsCollection)
        {
            var collection = (ICollection)slot.Value!;
            foreach (var item in collection)
            {
                if (item is not IBackedModel model)
                {
                    break;
                }

                Touch(model);
            }

            if (slot.CollectionCount != collection.Count)
            {
                Set(slot.Key, collection);
            }
        }
        else if (slot.Value is IBackedModel model)
        {
            Touch(model);
        }
    }

    /// <summary>Reads every value of a nested model, which brings its own nested collections up to date (as Kiota's store does).</summary>
    private static void Touch(IBackedModel model)
    {
        foreach (var (key, _) in model.BackingStore.Enumerate())
        {
            model.BackingStore.Get<object>(key);
        }
    }

    /// <summary>
    /// One value: its key, the value, whether it changed since initialization completed, and for a collection its
    /// count when it was set (Kiota keeps a <c>Tuple&lt;ICollection, int&gt;</c> instead, which the store still shows
    /// to its subscribers and in <see cref="Enumerate"/>, as Kiota's does).
    /// </summary>
    private struct Slot(string key, object? value, int collectionCount, bool changed)
    {
        public const int NotACollection = -1;

        public readonly string Key = key;

        public readonly object? Value = value;

        public readonly int CollectionCount = collectionCount;

        public bool Changed = changed;

        /// <summary>A collection's slot (not the empty slot <see cref="Read"/> gives for a missing key, whose count is zero).</summary>
        public readonly bool IsCollection => CollectionCount != NotACollection && Value is not null;

        /// <summary>The value as Kiota's store holds it: a collection with its count.</summary>
        public readonly object? StoredValue => IsCollection ? new Tuple<ICollection, int>((ICollection)Value!, CollectionCount) : Value;
    }

    /// <summary>
    /// A subscription: a callback given to <see cref="Subscribe(Action{string, object, object}, string)"/>, or the
    /// parent store a nested model was set in, which sets <see cref="Id"/> (the key) to <c>value</c> again when the
    /// nested model changes, after marking the nested model changed (a model, not a collection's item).
    /// </summary>
    private sealed class Subscription(string id, object target, object? value, bool marksNestedChanged)
    {
        public string Id => id;

        public void Notify(CompactBackingStore nested, string key, object? previous, object? current)
        {
            if (target is Action<string, object?, object?> callback)
            {
                callback(key, previous, current);
                return;
            }

            if (marksNestedChanged)
            {
                nested.InitializationCompleted = false;
            }

            ((CompactBackingStore)target).Set(id, value);
        }
    }
}

/// <summary>Creates <see cref="CompactBackingStore"/>s for the Graph models.</summary>
internal sealed class CompactBackingStoreFactory : IBackingStoreFactory
{
    public IBackingStore CreateBackingStore() => new CompactBackingStore();

    /// <summary>
    /// Makes the Graph models (Kiota's process-wide <see cref="BackingStoreFactorySingleton"/>) use compact backing stores,
    /// in place of Kiota's stock factory. Idempotent. False, and nothing changed, when another factory was set.
    /// </summary>
    public static bool Install()
    {
        var current = BackingStoreFactorySingleton.Instance;
        if (current is CompactBackingStoreFactory)
        {
            return true;
        }

        if (current.GetType() != typeof(InMemoryBackingStoreFactory))
        {
            return false;
        }

        BackingStoreFactorySingleton.Instance = new CompactBackingStoreFactory();
        return true;
    }
}
