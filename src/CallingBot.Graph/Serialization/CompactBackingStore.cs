using System.Collections;
using Microsoft.Kiota.Abstractions.Store;

namespace CallingBot.Graph.Serialization;

/// <summary>
/// The backing store of a Graph model (Kiota), with the behaviour of Kiota's <see cref="InMemoryBackingStore"/> (dirty
/// tracking, collections tracked by their count, nested models subscribed to, <see cref="ReturnOnlyChangedValues"/>
/// forwarded to them) in a fraction of its memory: one small dictionary under a lock instead of two concurrent
/// dictionaries, values as (changed, value) pairs instead of a tuple object each, and subscriptions in a list (almost
/// always of one: the parent model's).
/// </summary>
/// <remarks>
/// The Communications SDK keeps the Graph models of every call it holds (the call resource, its participants, their
/// identities, media state, …): about twenty models per call, each with its backing store. With Kiota's store those
/// were the largest part of the memory a held call costs (about 27 KiB of the bot's 74 KiB per call). Callbacks and
/// nested stores are always called outside the lock, as Kiota's store calls them outside any.
/// </remarks>
internal sealed class CompactBackingStore : IBackingStore
{
    private readonly Dictionary<string, Entry> _store = new(StringComparer.Ordinal);
    private List<KeyValuePair<string, Action<string, object?, object?>>>? _subscriptions;
    private bool _initializationCompleted = true;
    private bool _returnOnlyChangedValues;

    public bool ReturnOnlyChangedValues
    {
        get => _returnOnlyChangedValues;
        set
        {
            _returnOnlyChangedValues = value;
            foreach (var entry in Snapshot())
            {
                if (entry.Value.Value is Tuple<ICollection, int> collection)
                {
                    foreach (var item in collection.Item1)
                    {
                        if (item is not IBackedModel model)
                        {
                            break;
                        }

                        model.BackingStore.ReturnOnlyChangedValues = value;
                    }
                }
                else if (entry.Value.Value is IBackedModel model)
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
            foreach (var (key, _) in Snapshot())
            {
                var current = Read(key);
                if (current.Value is IBackedModel model)
                {
                    model.BackingStore.InitializationCompleted = value;
                }

                EnsureCollectionPropertyIsConsistent(key, current.Value);
                lock (_store)
                {
                    _store[key] = new Entry(!value, Read(key).Value);
                }
            }
        }
    }

    public T? Get<T>(string key)
    {
        ThrowIfNullOrEmpty(key);
        Entry entry;
        lock (_store)
        {
            if (!_store.TryGetValue(key, out entry))
            {
                return default;
            }
        }

        if (ReturnOnlyChangedValues)
        {
            EnsureCollectionPropertyIsConsistent(key, entry.Value);
        }

        var value = entry.Value is Tuple<ICollection, int> collection ? collection.Item1 : entry.Value;
        if (ReturnOnlyChangedValues && !Read(key).Changed)
        {
            return default;
        }

        return (T?)value;
    }

    public void Set<T>(string key, T? value)
    {
        ThrowIfNullOrEmpty(key);
        var entry = value is ICollection collection
            ? new Entry(InitializationCompleted, new Tuple<ICollection, int>(collection, collection.Count))
            : new Entry(InitializationCompleted, value);
        object? previous = null;
        bool added;
        Action<string, object?, object?>[]? subscribers;
        lock (_store)
        {
            added = _store.TryAdd(key, entry);
            if (!added)
            {
                previous = _store[key].Value;
                _store[key] = entry;
            }

            subscribers = _subscriptions is { Count: > 0 } subscriptions ? [.. subscriptions.Select(s => s.Value)] : null;
        }

        if (added && value is IBackedModel backedModel)
        {
            backedModel.BackingStore?.Subscribe(
                (_, _, _) =>
                {
                    backedModel.BackingStore.InitializationCompleted = false;
                    Set(key, value);
                },
                key);
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
                model.BackingStore.Subscribe((_, _, _) => Set(key, value), key);
            }
        }

        if (subscribers is not null)
        {
            foreach (var subscriber in subscribers)
            {
                subscriber(key, previous, value);
            }
        }
    }

    public IEnumerable<KeyValuePair<string, object?>> Enumerate()
    {
        if (ReturnOnlyChangedValues)
        {
            foreach (var (key, entry) in Snapshot())
            {
                EnsureCollectionPropertyIsConsistent(key, entry.Value);
            }
        }

        var result = new List<KeyValuePair<string, object?>>();
        foreach (var (key, entry) in Snapshot())
        {
            if (!ReturnOnlyChangedValues || entry.Changed)
            {
                result.Add(new KeyValuePair<string, object?>(key, entry.Value));
            }
        }

        return result;
    }

    public IEnumerable<string> EnumerateKeysForValuesChangedToNull()
    {
        if (ReturnOnlyChangedValues)
        {
            foreach (var (key, entry) in Snapshot())
            {
                EnsureCollectionPropertyIsConsistent(key, entry.Value);
            }
        }

        foreach (var (key, entry) in Snapshot())
        {
            if (entry.Changed && entry.Value is null)
            {
                yield return key;
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
        lock (_store)
        {
            // Almost every model has one subscription (its parent's): a list of one, replaced in place by id.
            _subscriptions ??= new List<KeyValuePair<string, Action<string, object?, object?>>>(1);
            var index = _subscriptions.FindIndex(s => s.Key == subscriptionId);
            if (index >= 0)
            {
                _subscriptions[index] = new(subscriptionId, callback);
            }
            else
            {
                _subscriptions.Add(new(subscriptionId, callback));
            }
        }
    }

    public void Unsubscribe(string subscriptionId)
    {
        lock (_store)
        {
            _subscriptions?.RemoveAll(s => s.Key == subscriptionId);
        }
    }

    public void Clear()
    {
        lock (_store)
        {
            _store.Clear();
        }
    }

    /// <summary>As Kiota's store: <see cref="ArgumentNullException"/> for an empty key too.</summary>
    private static void ThrowIfNullOrEmpty(string key, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(key))] string? name = null)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentNullException(name);
        }
    }

    private Entry Read(string key)
    {
        lock (_store)
        {
            return _store.TryGetValue(key, out var entry) ? entry : default;
        }
    }

    private KeyValuePair<string, Entry>[] Snapshot()
    {
        lock (_store)
        {
            return [.. _store];
        }
    }

    private void EnsureCollectionPropertyIsConsistent(string key, object? value)
    {
        if (value is Tuple<ICollection, int> collection)
        {
            foreach (var item in collection.Item1)
            {
                if (item is not IBackedModel model)
                {
                    break;
                }

                Touch(model);
            }

            if (collection.Item2 != collection.Item1.Count)
            {
                Set(key, collection.Item1);
            }
        }
        else if (value is IBackedModel model)
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

    private readonly record struct Entry(bool Changed, object? Value);
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
