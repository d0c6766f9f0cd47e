using CallingBot.Core.Media;
using CallingBot.Graph.Media;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;
using CallingBot.Media.Windows.Audio;
using CallingBot.Media.Windows.Video;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Calls.Media;
using Microsoft.Graph.Communications.Resources;
using Microsoft.Graph.Models;
using Microsoft.Skype.Bots.Media;
using Newtonsoft.Json.Linq;

namespace CallingBot.Media.Windows.Sessions;

/// <summary>
/// One call's media on Microsoft's native media platform: the SDK's local media session (its sockets and its
/// configuration blob) behind <see cref="IAppHostedMediaSession"/>. Once bound to its call it builds the call's
/// <see cref="MediaPipeline"/> over a <see cref="NativeMediaTransport"/>; received audio and video buffers become
/// pooled frames (unmixed audio with each speaker's participant id, from the call's participant list), key presses and
/// dominant-speaker changes become events of <see cref="NativeCallMedia"/>, and the video socket follows the dominant
/// speaker. Socket events arrive one at a time on the platform's threads; each handler returns quickly and never
/// throws back into the platform.
/// </summary>
public sealed partial class NativeMediaSession : IAppHostedMediaSession
{
    private readonly ILocalMediaSession _local;
    private readonly IAudioSocket _audio;
    private readonly IVideoSocket? _video;
    private readonly MediaPipelineOptions _pipelineOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<ICallMedia> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closeCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disconnected = new();
    private readonly CancellationToken _disconnectedToken;
    private NativeMediaTransport? _transport;
    private NativeAudioReceiver? _audioReceiver;
    private NativeVideoReceiver? _videoReceiver;
    private NativeCallMedia? _media;
    private ICall? _call;
    private string? _callId;
    private long _startTimestamp;
    private uint _dominantSpeaker = ParticipantSourceMap.NoSource;
    private int _videoReceiveActive;
    private int _mismatchLogged;
    private int _closed;

    public NativeMediaSession(ILocalMediaSession local, MediaPipelineOptions? pipelineOptions = null, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        _local = local ?? throw new ArgumentNullException(nameof(local));
        _audio = local.AudioSocket ?? throw new ArgumentException("The local media session has no audio socket.", nameof(local));
        _video = local.VideoSocket;
        _pipelineOptions = pipelineOptions ?? new MediaPipelineOptions();
        _time = time ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<NativeMediaSession>();

        // Read once: the token must stay observable after the session is closed.
        _disconnectedToken = _disconnected.Token;
        _audio.AudioMediaReceived += OnAudioMediaReceived;
        _audio.AudioSendStatusChanged += OnAudioSendStatusChanged;
        _audio.ToneReceived += OnToneReceived;
        _audio.DominantSpeakerChanged += OnDominantSpeakerChanged;
        _audio.MediaStreamFailure += OnMediaStreamFailure;
        if (_video is not null)
        {
            _video.VideoMediaReceived += OnVideoMediaReceived;
            _video.VideoSendStatusChanged += OnVideoSendStatusChanged;
            _video.VideoReceiveStatusChanged += OnVideoReceiveStatusChanged;
        }
    }

    public Guid MediaSessionId => _local.MediaSessionId;

    public Modality[] Modalities => _local.Modalities;

    /// <summary>The call's source id → participant id map (filled from the call's participants).</summary>
    public ParticipantSourceMap Participants { get; } = new();

    public string? CallId => Volatile.Read(ref _callId);

    public MediaStatistics? Statistics => Volatile.Read(ref _media)?.Statistics;

    /// <summary>The transport, once the session is bound to its call.</summary>
    public NativeMediaTransport? Transport => Volatile.Read(ref _transport);

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>The platform's blob (media platform endpoint and the sockets' capabilities).</summary>
    public JObject GetMediaConfiguration() => _local.GetMediaConfiguration();

    public void Attach(ICall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        Bind(call.Id);
        lock (_gate)
        {
            if (_call is not null || IsClosed)
            {
                return;
            }

            _call = call;
        }

        foreach (var participant in call.Participants)
        {
            MapParticipant(participant.Resource);
        }

        call.Participants.OnUpdated += OnParticipantsUpdated;
    }

    /// <summary>Builds the call's pipeline over the platform's sockets. The first id wins; later calls do nothing.</summary>
    public void Bind(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        lock (_gate)
        {
            if (_callId is not null || IsClosed)
            {
                return;
            }

            var transport = new NativeMediaTransport(_audio, _video, _pipelineOptions.AudioFormat);
            var pipeline = new MediaPipeline(callId, transport, _pipelineOptions, _time, _loggerFactory);
            _audioReceiver = new NativeAudioReceiver(pipeline, pipeline.Pool, Participants);
            _videoReceiver = _video is null ? null : new NativeVideoReceiver(pipeline);
            _startTimestamp = _time.GetTimestamp();
            Volatile.Write(ref _transport, transport);
            Volatile.Write(ref _media, new NativeCallMedia(pipeline, _disconnectedToken));
            Volatile.Write(ref _callId, callId);
        }
    }

    public Task<ICallMedia> WaitConnectedAsync(CancellationToken cancellationToken) => _connected.Task.WaitAsync(cancellationToken);

    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            await _closeCompleted.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            Unsubscribe();
            _connected.TrySetException(new InvalidOperationException($"The native media session {MediaSessionId:N} closed before its media flowed."));
            _ = _connected.Task.Exception;
            _disconnected.Cancel();
            NativeMediaTransport? transport;
            NativeCallMedia? media;
            lock (_gate)
            {
                transport = _transport;
                media = _media;
            }

            if (media is not null)
            {
                await media.Pipeline.DisposeAsync().ConfigureAwait(false);
                var statistics = media.Statistics;
                Log.Closed(_logger, MediaSessionId, media.CallId, statistics.FramesReceived, statistics.FramesSent, transport?.AudioFramesDropped ?? 0);
            }

            transport?.Dispose();
            _local.Dispose();
            _disconnected.Dispose();
        }
        finally
        {
            _closeCompleted.TrySetResult();
        }
    }

    /// <summary>Called by the SDK when it lets the call go; the call's owner closes the session (<see cref="CloseAsync"/>).</summary>
    public void Dispose()
    {
    }

    private void OnAudioMediaReceived(object? sender, AudioMediaReceivedEventArgs e)
    {
        var buffer = e.Buffer;
        try
        {
            if (IsClosed || Volatile.Read(ref _audioReceiver) is not { } receiver)
            {
                return;
            }

            MarkFlowing();
            if (receiver.OnReceived(buffer) == 0 && Interlocked.Exchange(ref _mismatchLogged, 1) == 0)
            {
                Log.AudioBufferSizeMismatch(_logger, CallId!, buffer.Length);
            }
        }
        catch (Exception exception)
        {
            Log.EventHandlerFailed(_logger, exception, CallId ?? MediaSessionId.ToString("N"), nameof(IAudioSocket.AudioMediaReceived));
        }
        finally
        {
            // Received buffers belong to the platform until disposed: always give them back.
            buffer?.Dispose();
        }
    }

    private void OnVideoMediaReceived(object? sender, VideoMediaReceivedEventArgs e)
    {
        var buffer = e.Buffer;
        try
        {
            if (!IsClosed && Volatile.Read(ref _videoReceiver) is { } receiver)
            {
                receiver.OnReceived(buffer);
            }
        }
        catch (Exception exception)
        {
            Log.EventHandlerFailed(_logger, exception, CallId ?? MediaSessionId.ToString("N"), nameof(IVideoSocket.VideoMediaReceived));
        }
        finally
        {
            buffer?.Dispose();
        }
    }

    private void OnAudioSendStatusChanged(object? sender, AudioSendStatusChangedEventArgs e)
    {
        if (Volatile.Read(ref _transport) is not { } transport)
        {
            return;
        }

        transport.SetAudioSendStatus(e.MediaSendStatus);
        Log.SendStatusChanged(_logger, "audio", CallId!, e.MediaSendStatus);
        if (e.MediaSendStatus == MediaSendStatus.Active)
        {
            MarkFlowing();
        }
    }

    private void OnVideoSendStatusChanged(object? sender, VideoSendStatusChangedEventArgs e)
    {
        if (Volatile.Read(ref _transport) is { } transport)
        {
            transport.SetVideoSendStatus(e.MediaSendStatus);
            Log.SendStatusChanged(_logger, "video", CallId!, e.MediaSendStatus);
        }
    }

    private void OnVideoReceiveStatusChanged(object? sender, VideoReceiveStatusChangedEventArgs e)
    {
        Volatile.Write(ref _videoReceiveActive, e.MediaReceiveStatus == MediaReceiveStatus.Active ? 1 : 0);
        if (e.MediaReceiveStatus == MediaReceiveStatus.Active)
        {
            SubscribeVideo(Volatile.Read(ref _dominantSpeaker));
        }
    }

    private void OnToneReceived(object? sender, ToneReceivedEventArgs e)
    {
        try
        {
            if (Volatile.Read(ref _media) is not { } media || ToKey(e.Tone) is not { } key)
            {
                return;
            }

            Log.ToneReceived(_logger, media.CallId, e.Tone);
            media.RaiseTone(new DtmfKeyEventArgs(key, participantId: null, _time.GetElapsedTime(_startTimestamp)));
        }
        catch (Exception exception)
        {
            Log.EventHandlerFailed(_logger, exception, CallId ?? MediaSessionId.ToString("N"), nameof(IAudioSocket.ToneReceived));
        }
    }

    private void OnDominantSpeakerChanged(object? sender, Microsoft.Skype.Bots.Media.DominantSpeakerChangedEventArgs e)
    {
        try
        {
            var previous = Interlocked.Exchange(ref _dominantSpeaker, e.CurrentDominantSpeaker);
            if (Volatile.Read(ref _media) is not { } media || previous == e.CurrentDominantSpeaker)
            {
                return;
            }

            Log.DominantSpeakerChanged(_logger, media.CallId, e.CurrentDominantSpeaker);
            SubscribeVideo(e.CurrentDominantSpeaker);
            if (Participants.Resolve(e.CurrentDominantSpeaker) is { } current)
            {
                media.RaiseDominantSpeaker(new CallingBot.Media.Processors.DominantSpeakerChangedEventArgs(Participants.Resolve(previous), current, _time.GetElapsedTime(_startTimestamp)));
            }
        }
        catch (Exception exception)
        {
            Log.EventHandlerFailed(_logger, exception, CallId ?? MediaSessionId.ToString("N"), nameof(IAudioSocket.DominantSpeakerChanged));
        }
    }

    private void OnMediaStreamFailure(object? sender, MediaStreamFailureEventArgs e) => Log.StreamFailed(_logger, CallId ?? MediaSessionId.ToString("N"));

    private void OnParticipantsUpdated(IParticipantCollection sender, CollectionEventArgs<IParticipant> args)
    {
        foreach (var participant in args.AddedResources ?? [])
        {
            MapParticipant(participant.Resource);
        }

        foreach (var participant in args.UpdatedResources ?? [])
        {
            MapParticipant(participant.Resource);
        }

        foreach (var participant in args.RemovedResources ?? [])
        {
            if (participant.Resource?.Id is { } id)
            {
                Participants.RemoveParticipant(id);
            }
        }
    }

    private void MapParticipant(Participant? participant)
    {
        if (participant?.Id is { } id && participant.MediaStreams is { } streams)
        {
            Participants.SetFromGraph(id, streams.Select(static s => s.SourceId));
        }
    }

    /// <summary>Follows the dominant speaker with the video socket (720p), once the platform can receive video.</summary>
    private void SubscribeVideo(uint sourceId)
    {
        if (_video is null || sourceId == ParticipantSourceMap.NoSource || Volatile.Read(ref _videoReceiveActive) == 0 || IsClosed)
        {
            return;
        }

        _video.Subscribe(VideoResolution.HD720p, sourceId);
        Log.VideoSubscribed(_logger, CallId ?? MediaSessionId.ToString("N"), sourceId, VideoResolution.HD720p);
    }

    private void MarkFlowing()
    {
        if (Volatile.Read(ref _media) is { } media && _connected.TrySetResult(media))
        {
            Log.MediaFlowing(_logger, media.CallId, MediaSessionId);
        }
    }

    private void Unsubscribe()
    {
        _audio.AudioMediaReceived -= OnAudioMediaReceived;
        _audio.AudioSendStatusChanged -= OnAudioSendStatusChanged;
        _audio.ToneReceived -= OnToneReceived;
        _audio.DominantSpeakerChanged -= OnDominantSpeakerChanged;
        _audio.MediaStreamFailure -= OnMediaStreamFailure;
        if (_video is not null)
        {
            _video.VideoMediaReceived -= OnVideoMediaReceived;
            _video.VideoSendStatusChanged -= OnVideoSendStatusChanged;
            _video.VideoReceiveStatusChanged -= OnVideoReceiveStatusChanged;
        }

        ICall? call;
        lock (_gate)
        {
            call = _call;
        }

        if (call is not null)
        {
            call.Participants.OnUpdated -= OnParticipantsUpdated;
        }
    }

    /// <summary>The key of a DTMF tone; null for Flash, which is not a key.</summary>
    internal static char? ToKey(ToneId tone) => tone switch
    {
        >= ToneId.Tone0 and <= ToneId.Tone9 => (char)('0' + (tone - ToneId.Tone0)),
        ToneId.Star => '*',
        ToneId.Pound => '#',
        ToneId.A => 'A',
        ToneId.B => 'B',
        ToneId.C => 'C',
        ToneId.D => 'D',
        _ => null,
    };
}
