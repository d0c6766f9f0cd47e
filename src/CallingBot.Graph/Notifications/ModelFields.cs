using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;

namespace CallingBot.Graph.Notifications;

/// <summary>
/// A model's field deserializers (<see cref="IParsable.GetFieldDeserializers"/>): the ones Kiota generated for its
/// type, bound once per type and applied to any instance, or where that is not possible the instance's own.
/// </summary>
/// <remarks>
/// Kiota's generated <c>GetFieldDeserializers</c> builds, on every call, a dictionary with a delegate per property (a
/// call resource has about seventy), each bound to the model it was asked on: a tenth of all the bytes the bot
/// allocated for a call. Each of those delegates is an instance method of the model's class (or a base class) that
/// uses nothing but the model, so the same methods can be called on another model of the type. A type qualifies only
/// when every delegate of the first model seen is such a method, with the expected signature, in a dictionary that
/// compares keys as the default comparer does; otherwise its models keep asking for their own dictionary.
/// </remarks>
internal readonly struct ModelFields
{
    private static readonly ConcurrentDictionary<Type, FrozenDictionary<string, Action<object, IParseNode>>?> SharedByType = new();

    private static readonly MethodInfo OpenForMethod = typeof(ModelFields).GetMethod(nameof(OpenFor), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly IParsable _model;
    private readonly FrozenDictionary<string, Action<object, IParseNode>>? _shared;
    private readonly IDictionary<string, Action<IParseNode>>? _own;

    private ModelFields(IParsable model, FrozenDictionary<string, Action<object, IParseNode>>? shared)
    {
        _model = model;
        _shared = shared;
        _own = shared is null ? model.GetFieldDeserializers() : null;
    }

    /// <summary>Whether the model's type has deserializers shared by all its models (for tests).</summary>
    internal bool IsShared => _shared is not null;

    /// <summary>The deserializers of <paramref name="model"/>.</summary>
    public static ModelFields Of(IParsable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelFields(model, SharedByType.GetOrAdd(model.GetType(), static (_, prototype) => Bind(prototype), model));
    }

    /// <summary>
    /// True when the model has a field named exactly <paramref name="name"/>; then <paramref name="value"/> is read into
    /// it by the field's deserializer, unless it is null.
    /// </summary>
    public bool TryRead(string name, JsonElement value)
    {
        Action<object, IParseNode>? set = null;
        Action<IParseNode>? read = null;
        if (_shared is not null ? !_shared.TryGetValue(name, out set) : !_own!.TryGetValue(name, out read))
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.Null)
        {
            var node = new ResourceParseNode(value);
            if (set is not null)
            {
                set(_model, node);
            }
            else
            {
                read!(node);
            }
        }

        return true;
    }

    /// <summary>Whether the model has a field whose name equals <paramref name="name"/> ignoring case.</summary>
    public bool HasFieldIgnoringCase(string name)
    {
        IEnumerable<string> keys = _shared is not null ? _shared.Keys : _own!.Keys;
        foreach (var key in keys)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The deserializers of <paramref name="prototype"/>'s type as methods open on the model, or null.</summary>
    private static FrozenDictionary<string, Action<object, IParseNode>>? Bind(IParsable prototype)
    {
        var fields = prototype.GetFieldDeserializers();
        if (fields is not Dictionary<string, Action<IParseNode>> dictionary
            || !ReferenceEquals(dictionary.Comparer, EqualityComparer<string>.Default))
        {
            return null;
        }

        var open = new Dictionary<string, Action<object, IParseNode>>(dictionary.Count, StringComparer.Ordinal);
        foreach (var (name, read) in dictionary)
        {
            var method = read.Method;
            var parameters = method.GetParameters();
            if (!ReferenceEquals(read.Target, prototype) || method.IsStatic || method.ReturnType != typeof(void)
                || parameters.Length != 1 || parameters[0].ParameterType != typeof(IParseNode)
                || method.DeclaringType is not { IsValueType: false } declaring || !declaring.IsInstanceOfType(prototype)
                || read.GetInvocationList().Length != 1)
            {
                return null;
            }

            open[name] = (Action<object, IParseNode>)OpenForMethod.MakeGenericMethod(declaring).Invoke(null, [method])!;
        }

        return open.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Action<object, IParseNode> OpenFor<TModel>(MethodInfo method)
        where TModel : class
    {
        var read = method.CreateDelegate<Action<TModel, IParseNode>>();
        return (model, node) => read((TModel)model, node);
    }
}
