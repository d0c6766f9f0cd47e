using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Media;

/// <summary>
/// Starts a media stream when an app-hosted call (whose blob names a WebSocket endpoint) becomes established, keeps its
/// roster current and stops it when the call ends. Holds per-call options and participant sources of calls the engine
/// knows, and forgets them (with the stream and its kept audio) when the engine forgets the call. Owns the
/// <see cref="FrameScheduler"/> that paces every stream's frames.
/// </summary>
internal sealed partial class MediaStreamManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, EmulatedMediaStream> _streams = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, CallMediaOptions> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, MediaSourceSpec> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly X509Certificate2 _trusted;
    private readonly TimeProvider _time;
    private readonly FrameScheduler _scheduler;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Lock _changedGate = new();
    private TaskCompletionSource _anyStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _disposed;

    public MediaStreamManager(X509Certificate2 trusted, TimeProvider time, ILoggerFactory loggers)
    {
        _trusted = trusted;
        _time = time;
        _scheduler = new FrameScheduler(time);
        _loggers = loggers;
        _logger = loggers.CreateLogger<MediaStreamManager>();
    }

    public CallMediaOptions DefaultOptions { get; set; } = new();

    /// <summary>Participants spoken and heard on a softphone page; null when the page is disabled.</summary>
    public IBrowserAudio? Browser { get; set; }

    /// <summary>Whether the engine holds the call (and, when the participant id is not null, that participant).</summary>
    public Func<string, string?, bool> Exists { get; set; } = (_, _) => true;

    public EmulatedMediaStream? Find(string callId) => _streams.GetValueOrDefault(callId);

    public Task AnyStreamStarted
    {
        get
        {
            lock (_changedGate)
            {
                return _anyStarted.Task;
            }
        }
    }

    public void Configure(string callId, CallMediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireKnown(callId, null);
        options.Validate();
        ParticipantAudioSource.Validate(options.DefaultSource);
        _options[callId] = options;
    }

    public void SetSource(string callId, string? participantId, MediaSourceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireKnown(callId, participantId);
        ParticipantAudioSource.Validate(spec);
        _sources[Key(callId, participantId)] = spec;
    }

    /// <summary>
    /// Starts the media stream of an ACS call connection (<c>mediaStreamingOptions</c>): mixed audio of
    /// <paramref name="speakers"/> to <paramref name="transportUrl"/>, replacing a stream of the same call that ended.
    /// Returns null when one is still running.
    /// </summary>
    public EmulatedMediaStream? StartAcsStream(string callConnectionId, Uri transportUrl, string subscriptionId, (string Id, bool Muted)[] speakers, Action<string, string?> stateChanged, bool unmixed = false, int sampleRate = ParticipantAudioSource.SampleRate)
    {
        if (_disposed)
        {
            return null;
        }

        if (_streams.TryGetValue(callConnectionId, out var existing))
        {
            if (!existing.IsStopped && existing.Completion.IsCompleted is false)
            {
                return null;
            }

            _streams.TryRemove(new KeyValuePair<string, EmulatedMediaStream>(callConnectionId, existing));
        }

        var options = (_options.GetValueOrDefault(callConnectionId) ?? DefaultOptions) with { Unmixed = unmixed, Video = null };
        var created = new EmulatedMediaStream(callConnectionId, new MediaBlob(transportUrl, Video: false), options, this, _trusted, _time, _scheduler, _loggers.CreateLogger<EmulatedMediaStream>())
        {
            SubscriptionId = subscriptionId,
            StateChanged = stateChanged,
            WireSampleRate = sampleRate,
        };
        if (!_streams.TryAdd(callConnectionId, created))
        {
            return null;
        }

        created.UpdateParticipants(speakers);
        created.Start();
        TaskCompletionSource previous;
        lock (_changedGate)
        {
            previous = _anyStarted;
            _anyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
        return created;
    }

    /// <summary>Stops a call's stream and keeps what it sent and received (for inspection); false when none runs.</summary>
    public bool StopStream(string callId)
    {
        if (!_streams.TryGetValue(callId, out var stream) || stream.IsStopped || stream.Completion.IsCompleted)
        {
            return false;
        }

        stream.Stop();
        return true;
    }

    /// <summary>Drops everything kept for a call the engine no longer holds.</summary>
    public void Forget(string callId)
    {
        if (_streams.TryRemove(callId, out var stream))
        {
            stream.Stop();
        }

        _options.TryRemove(callId, out _);
        foreach (var key in _sources.Keys.Where(k => k.StartsWith(callId + "/", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            _sources.TryRemove(key, out _);
        }
    }

    private void RequireKnown(string callId, string? participantId)
    {
        if (!Exists(callId, participantId))
        {
            throw new KeyNotFoundException(participantId is null
                ? $"Call '{callId}' was not found."
                : $"Participant '{participantId}' was not found in call '{callId}'.");
        }
    }

    /// <summary>The participant's own source, else the call's source for everyone, else null.</summary>
    public MediaSourceSpec? GetSource(string callId, string participantId) =>
        _sources.GetValueOrDefault(Key(callId, participantId)) ?? _sources.GetValueOrDefault(Key(callId, null));

    /// <summary>
    /// Called whenever a call changes, outside the call's lock and one change at a time per call. Reads the call's
    /// current media view, so a late call still acts on the latest state. Never blocks.
    /// </summary>
    public void OnCallChanged(EmulatedCall call)
    {
        try
        {
            if (_streams.TryGetValue(call.Id, out var stream))
            {
                var current = call.MediaView();
                if (current.IsTerminated)
                {
                    if (!stream.IsStopped)
                    {
                        stream.Stop();
                    }
                }
                else
                {
                    stream.UpdateParticipants(current.Speakers);
                }

                return;
            }

            if (_disposed)
            {
                return;
            }

            var view = call.MediaView();
            if (!view.IsEstablished || view.MediaConfigType is not { } type || !type.EndsWith("appHostedMediaConfig", StringComparison.OrdinalIgnoreCase)
                || MediaBlob.TryParse(view.Blob) is not { } blob)
            {
                return;
            }

            var options = _options.GetValueOrDefault(call.Id) ?? DefaultOptions;
            if (!blob.Video && options.Video is not null)
            {
                options = options with { Video = null };
            }

            var created = new EmulatedMediaStream(call.Id, blob, options, this, _trusted, _time, _scheduler, _loggers.CreateLogger<EmulatedMediaStream>());
            if (!_streams.TryAdd(call.Id, created))
            {
                return;
            }

            created.UpdateParticipants(view.Speakers);
            created.Start();
            TaskCompletionSource previous;
            lock (_changedGate)
            {
                previous = _anyStarted;
                _anyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            previous.TrySetResult();
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
        {
            Log.HookFailed(_logger, call.Id, exception.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var stream in _streams.Values)
        {
            stream.Stop();
        }

        try
        {
            await Task.WhenAll(_streams.Values.Select(s => s.Completion)).ConfigureAwait(false);
        }
        finally
        {
            _scheduler.Dispose();
        }
    }

    private static string Key(string callId, string? participantId) => $"{callId}/{participantId ?? "*"}";

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.MediaHookFailed, EventName = nameof(EmulatorEventIds.MediaHookFailed), Level = LogLevel.Warning, Message = "Media of call {CallId} could not be started: {Reason}")]
        public static partial void HookFailed(ILogger logger, string callId, string reason);
    }
}
