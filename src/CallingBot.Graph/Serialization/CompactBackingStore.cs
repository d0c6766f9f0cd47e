using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Kiota.Abstractions.Store;

namespace CallingBot.Graph.Serialization;

/// <summary>
/// The backing store of a Graph model (Kiota), with the behaviour of Kiota's <see cref="InMemoryBackingStore"/> (dirty
/// tracking, collections tracked by their count, nested models subscribed to, <see cref="ReturnOnlyChangedValues"/>
/// forwarded to them) in a fraction of its memory: the values in one array of exactly their number, their keys in a
/// <see cref="Shape"/> that every store with the same keys in the same order shares (models of one type get the same
/// keys in the same order), whether each changed in the bits of one word, instead of two concurrent dictionaries and two
/// tuples per value; a nested model's subscription to its parent as one small object instead of a closure, a delegate
/// and a dictionary entry; and enum and Boolean values boxed once per process.
/// </summary>
/// <remarks>
/// <para>
/// The Communications SDK keeps the Graph models of every call it holds (the call resource, its participants, their
/// identities, media state, …): about twenty models per call, each with its backing store, most with three to fifteen
/// values. With Kiota's store those were the largest part of the memory a held call costs (about 27 KiB of the bot's
/// 74 KiB per call); with one dictionary per store, about 11 KiB; with an array of slots (key, value, count, changed:
/// 24 bytes a value) about 5 KiB; as here (8 bytes a value, the keys shared), about 4 KiB.
/// </para>
/// <para>
/// A collection's count when it was set (Kiota keeps a <c>Tuple&lt;ICollection, int&gt;</c>, and so notices a collection
/// that grew or shrank in place) is kept in the store for its first collection, which is a model's additional data (the
/// first value every model's constructor sets), and for any other collection beside the collection itself, in a
/// <see cref="CountedCollection"/>.
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

    /// <summary>Changed flags of the values beyond the first <see cref="FlagBits"/>, for the few models that have more.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CompactBackingStore, ulong[]> ChangedBeyond = new();

    private const int FlagBits = 64;

    private const short NoCollection = -1;

    /// <summary>The keys, in the order they were first set: <c>_shape.Keys[i]</c> is the key of <c>_values[i]</c>.</summary>
    private Shape _shape = Shape.Empty;

    /// <summary>The values (beyond the shape's count: room for more); a collection other than the first as a <see cref="CountedCollection"/>.</summary>
    private object?[] _values = [];

    /// <summary>Bit i: value i changed since initialization completed (values beyond the 64th: <see cref="ChangedBeyond"/>).</summary>
    private ulong _changed;

    /// <summary>The count of the first collection set (at <see cref="_firstCollection"/>) when it was set.</summary>
    private int _firstCollectionCount;

    /// <summary>The index of the value that is the store's first collection, or <see cref="NoCollection"/>.</summary>
    private short _firstCollection = NoCollection;

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
                        SetChanged(index, !value);
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

            slot = EntryAt(index);
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
                previous = EntryAt(index);
                Store(index, slot);
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
            _shape = Shape.Empty;
            _values = [];
            _changed = 0;
            _firstCollection = NoCollection;
            ChangedBeyond.Remove(this);
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

    /// <summary>The index of <paramref name="key"/>'s value, or -1. Under the lock.</summary>
    private int IndexOf(string key) => _shape.IndexOf(key);

    /// <summary>
    /// Makes room for <paramref name="values"/> more values at once, instead of doubling the array as they come (a
    /// reader that knows how many values a model is about to get calls it, then <see cref="TrimExcess"/>).
    /// </summary>
    public void EnsureRoomFor(int values)
    {
        lock (this)
        {
            var count = _shape.Count;
            if (count + values > _values.Length)
            {
                Array.Resize(ref _values, count + values);
            }
        }
    }

    /// <summary>Room held beyond the values (for tests).</summary>
    internal int UnusedSlots
    {
        get
        {
            lock (this)
            {
                return _values.Length - _shape.Count;
            }
        }
    }

    /// <summary>This store's keys, in order: the array every store with the same keys shares (for tests).</summary>
    internal string[] Keys
    {
        get
        {
            lock (this)
            {
                return _shape.Keys;
            }
        }
    }

    /// <summary>Whether this store's keys are a shape other stores share (for tests).</summary>
    internal bool HasSharedShape
    {
        get
        {
            lock (this)
            {
                return _shape.IsShared;
            }
        }
    }

    /// <summary>Gives back the room no value took: a model the SDK keeps for a call holds exactly its values.</summary>
    public void TrimExcess()
    {
        lock (this)
        {
            var count = _shape.Count;
            if (count < _values.Length)
            {
                Array.Resize(ref _values, count);
            }
        }
    }

    /// <summary>Adds a value under a new key, at the end. Under the lock.</summary>
    private void Append(Slot slot)
    {
        var index = _shape.Count;
        if (index == _values.Length)
        {
            Array.Resize(ref _values, _values.Length == 0 ? FirstCapacity : _values.Length * 2);
        }

        _shape = _shape.With(slot.Key);
        Store(index, slot);
    }

    /// <summary>The value at <paramref name="index"/> with its key, count and flag. Under the lock.</summary>
    private Slot EntryAt(int index)
    {
        var stored = _values[index];
        var key = _shape.Keys[index];
        var changed = IsChanged(index);
        if (stored is CountedCollection counted)
        {
            return new Slot(key, counted.Items, counted.Count, changed);
        }

        return new Slot(key, stored, index == _firstCollection ? _firstCollectionCount : Slot.NotACollection, changed);
    }

    /// <summary>Puts <paramref name="slot"/> at <paramref name="index"/> (its key already there). Under the lock.</summary>
    private void Store(int index, Slot slot)
    {
        if (slot.CollectionCount == Slot.NotACollection)
        {
            if (index == _firstCollection)
            {
                _firstCollection = NoCollection;
            }

            _values[index] = slot.Value;
        }
        else if (_firstCollection == index || (_firstCollection == NoCollection && index <= short.MaxValue))
        {
            _firstCollection = (short)index;
            _firstCollectionCount = slot.CollectionCount;
            _values[index] = slot.Value;
        }
        else
        {
            _values[index] = new CountedCollection(slot.Value, slot.CollectionCount);
        }

        SetChanged(index, slot.Changed);
    }

    private bool IsChanged(int index)
    {
        if (index < FlagBits)
        {
            return (_changed & (1UL << index)) != 0;
        }

        return ChangedBeyond.TryGetValue(this, out var beyond) && (index - FlagBits) / FlagBits < beyond.Length
            && (beyond[(index - FlagBits) / FlagBits] & (1UL << (index % FlagBits))) != 0;
    }

    private void SetChanged(int index, bool changed)
    {
        if (index < FlagBits)
        {
            _changed = changed ? _changed | (1UL << index) : _changed & ~(1UL << index);
            return;
        }

        var word = (index - FlagBits) / FlagBits;
        var bit = 1UL << (index % FlagBits);
        if (!ChangedBeyond.TryGetValue(this, out var beyond) || word >= beyond.Length)
        {
            if (!changed)
            {
                return;
            }

            Array.Resize(ref beyond, word + 1);
            ChangedBeyond.AddOrUpdate(this, beyond);
        }

        beyond[word] = changed ? beyond[word] | bit : beyond[word] & ~bit;
    }

    private Slot Read(string key)
    {
        lock (this)
        {
            var index = IndexOf(key);
            return index >= 0 ? EntryAt(index) : default;
        }
    }

    private Slot[] Snapshot()
    {
        lock (this)
        {
            var slots = new Slot[_shape.Count];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = EntryAt(i);
            }

            return slots;
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
    /// One value as read from the store (or about to be put in it): its key, the value, whether it changed since
    /// initialization completed, and for a collection its count when it was set (Kiota keeps a
    /// <c>Tuple&lt;ICollection, int&gt;</c> instead, which the store still shows to its subscribers and in
    /// <see cref="Enumerate"/>, as Kiota's does).
    /// </summary>
    private struct Slot(string key, object? value, int collectionCount, bool changed)
    {
        public const int NotACollection = -1;

        public readonly string Key = key;

        public readonly object? Value = value;

        public readonly int CollectionCount = collectionCount;

        public readonly bool Changed = changed;

        /// <summary>A collection's slot (not the empty slot <see cref="Read"/> gives for a missing key, whose count is zero).</summary>
        public readonly bool IsCollection => CollectionCount != NotACollection && Value is not null;

        /// <summary>The value as Kiota's store holds it: a collection with its count.</summary>
        public readonly object? StoredValue => IsCollection ? new Tuple<ICollection, int>((ICollection)Value!, CollectionCount) : Value;
    }

    /// <summary>A collection other than the store's first, with its count when it was set.</summary>
    private sealed class CountedCollection(object? items, int count)
    {
        public object? Items => items;

        public int Count => count;
    }

    /// <summary>
    /// Keys in the order a store first set them, shared by every store that set the same keys in the same order: the
    /// shape a store takes when it adds a key is the one the first store to add it took (a transition remembered by the
    /// shape before). The shapes remembered are bounded (<see cref="MaxShared"/>, <see cref="MaxTransitions"/> each);
    /// beyond that a store gets keys of its own, as correct and as large as an array of keys per store.
    /// </summary>
    private sealed class Shape
    {
        public static readonly Shape Empty = new([], isShared: true);

        /// <summary>Shapes remembered at most, process-wide: the Graph models' types and their keys' orders.</summary>
        private const int MaxShared = 8192;

        /// <summary>Keys that may follow one shape (the types whose models start with its keys).</summary>
        private const int MaxTransitions = 64;

        private static int s_shared;

        private Transition[] _next = [];

        private Shape(string[] keys, bool isShared)
        {
            Keys = keys;
            IsShared = isShared;
        }

        public string[] Keys { get; }

        public bool IsShared { get; }

        public int Count => Keys.Length;

        /// <summary>The index of <paramref name="key"/>, or -1. Keys are the models' string constants: equal by reference first.</summary>
        public int IndexOf(string key)
        {
            var keys = Keys;
            for (var i = 0; i < keys.Length; i++)
            {
                if (string.Equals(keys[i], key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>These keys and <paramref name="key"/> after them.</summary>
        public Shape With(string key)
        {
            if (Find(Volatile.Read(ref _next), key) is { } known)
            {
                return known;
            }

            if (!IsShared)
            {
                return new Shape([.. Keys, key], isShared: false);
            }

            lock (this)
            {
                var next = _next;
                if (Find(next, key) is { } added)
                {
                    return added;
                }

                if (next.Length >= MaxTransitions || Volatile.Read(ref s_shared) >= MaxShared)
                {
                    return new Shape([.. Keys, key], isShared: false);
                }

                var shape = new Shape([.. Keys, key], isShared: true);
                Interlocked.Increment(ref s_shared);
                Volatile.Write(ref _next, [.. next, new Transition(key, shape)]);
                return shape;
            }
        }

        private static Shape? Find(Transition[] next, string key)
        {
            foreach (var transition in next)
            {
                if (string.Equals(transition.Key, key, StringComparison.Ordinal))
                {
                    return transition.Shape;
                }
            }

            return null;
        }

        private readonly record struct Transition(string Key, Shape Shape);
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
