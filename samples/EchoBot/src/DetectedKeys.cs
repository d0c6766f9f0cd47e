using System.Collections.Concurrent;

namespace EchoBot;

/// <summary>The in-band DTMF keys the bot heard, per call.</summary>
public sealed class DetectedKeys
{
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised on the call's media loop for every key: keep handlers quick.</summary>
    public event EventHandler<string>? Changed;

    public string For(string callId) => _keys.GetValueOrDefault(callId, string.Empty);

    internal void Add(string callId, char key)
    {
        _keys.AddOrUpdate(callId, key.ToString(), (_, keys) => keys + key);
        Changed?.Invoke(this, callId);
    }
}
