using System.Collections;

namespace CallingBot.Core.Manager;

/// <summary>
/// The logging scope of one call: a single <c>CallId</c> property, as the dictionary it replaces, which every logging
/// provider reads as the scope's properties (an <see cref="IReadOnlyList{T}"/> of key-value pairs). A session keeps it
/// for as long as the call lives: one small object instead of a dictionary and its arrays.
/// </summary>
internal sealed class CallLogScope(string callId) : IReadOnlyList<KeyValuePair<string, object>>
{
    /// <summary>The property's name, as the call's log lines and spans carry it.</summary>
    public const string CallIdProperty = "CallId";

    public int Count => 1;

    public KeyValuePair<string, object> this[int index] => index == 0
        ? new KeyValuePair<string, object>(CallIdProperty, callId)
        : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>What a text formatter that prints scopes shows.</summary>
    public override string ToString() => $"{CallIdProperty}:{callId}";
}
