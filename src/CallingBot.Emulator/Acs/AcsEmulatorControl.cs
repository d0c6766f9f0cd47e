namespace CallingBot.Emulator.Acs;

/// <summary>
/// Drives the emulated ACS resource from a test or an in-process host: Event Grid subscriptions, incoming calls,
/// the caller's keys and hang-up, and what the bot did on each call connection.
/// </summary>
public sealed class AcsEmulatorControl
{
    private readonly AcsEndpoints _endpoints;

    internal AcsEmulatorControl(AcsEndpoints endpoints)
    {
        _endpoints = endpoints;
    }

    /// <summary>
    /// Creates the Event Grid subscription <paramref name="name"/> for IncomingCall events to <paramref name="endpoint"/>,
    /// after the validation handshake. Throws when the endpoint does not complete it.
    /// </summary>
    public async Task SubscribeAsync(string name, Uri endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (await _endpoints.SubscribeAsync(name, endpoint, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            throw new InvalidOperationException($"Event Grid subscription '{name}' was not created: {failure}.");
        }
    }

    /// <summary>
    /// <paramref name="from"/> calls <paramref name="to"/> (raw ids: <c>8:acs:…</c> or <c>+E164</c>); returns the call's
    /// correlation id. Throws when no subscription accepted the IncomingCall event.
    /// </summary>
    public async Task<string> PlaceIncomingCallAsync(string from, string to, string? callerDisplayName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        var (correlationId, delivered) = await _endpoints.PlaceIncomingCallAsync(from, to, callerDisplayName, cancellationToken).ConfigureAwait(false);
        return delivered > 0 ? correlationId : throw new InvalidOperationException("No Event Grid subscription accepted the IncomingCall event.");
    }

    /// <summary>The call connection the bot answered for the incoming call <paramref name="correlationId"/> (live or recently ended), or null.</summary>
    public AcsCallSnapshot? FindByCorrelationId(string correlationId) =>
        _endpoints.FindByCorrelationId(correlationId) is { } call ? AcsCallSnapshot.Of(call) : null;

    /// <summary>The call connection <paramref name="callConnectionId"/>, live or recently ended (state <c>disconnected</c>), or null.</summary>
    public AcsCallSnapshot? FindCall(string callConnectionId) =>
        _endpoints.FindCall(callConnectionId) is { } call ? AcsCallSnapshot.Of(call) : null;

    /// <summary>The caller presses <paramref name="tones"/>; throws when the bot does not listen for keys.</summary>
    public void PressKeys(string callConnectionId, string tones)
    {
        if (_endpoints.PressKeys(callConnectionId, tones) is { } error)
        {
            throw new InvalidOperationException(error);
        }
    }

    /// <summary>
    /// <paramref name="participant"/> (a raw id: <c>8:acs:…</c> or <c>+E164</c>) mutes or unmutes itself: the bot gets
    /// ParticipantsUpdated. Throws when the call connection or the participant is unknown.
    /// </summary>
    public void SetMuted(string callConnectionId, string participant, bool muted)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participant);
        if (_endpoints.SetMuted(callConnectionId, participant, muted) is { } error)
        {
            throw new InvalidOperationException(error);
        }
    }

    /// <summary>The caller hangs up; false when the call connection is unknown.</summary>
    public bool HangUp(string callConnectionId) => _endpoints.HangUpRemote(callConnectionId);
}
