using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Threading;
using CallingBot.Media.Video;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// The media pipeline of one call. A transport pushes inbound frames into <see cref="OnAudioReceived"/>
/// and <see cref="OnVideoReceived"/>, which never block: frames wait in a bounded queue and, when the
/// processors fall behind, the oldest is dropped and counted, so a slow processor can never stall the
/// socket. One consumer per queue (a <see cref="SerialWorkQueue{T}"/>) runs the processors in the order
/// they were added. Outbound audio goes through <see cref="Sender"/>, paced on the same <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// The pipeline owns the processors added with <c>Use</c>: <see cref="DisposeAsync"/> lets them finish the
/// frames still queued, then disposes each of them exactly once (a processor added twice, or for audio and
/// video, included). Whoever added a processor must not dispose it.
/// </remarks>
/// <example>
/// <code>
/// await using var pipeline = new MediaPipeline(callId, transport, options, timeProvider, logger);
/// var dtmf = new DtmfDetector();
/// dtmf.DigitDetected += (_, e) => OnDigit(e.Digit);
/// pipeline.Use(new EchoProcessor(pipeline.Sender)).Use(dtmf).Use(new WavRecorder(WavWriter.Create(path, pipeline.Format)));
/// pipeline.Start();
/// </code>
/// </example>
public sealed partial class MediaPipeline : IMediaReceiver, IAsyncDisposable
{
    private readonly IMediaTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SerialWorkQueue<AudioFrame> _audio;
    private readonly SerialWorkQueue<VideoFrame> _video;
    private readonly List<IAudioProcessor> _audioProcessors = [];
    private readonly List<IVideoProcessor> _videoProcessors = [];
    private readonly Lock _gate = new();
    private IAudioProcessor[] _audioChain = [];
    private IVideoProcessor[] _videoChain = [];
    private bool[] _audioFailureLogged = [];
    private bool[] _videoFailureLogged = [];
    private int _state;

    public MediaPipeline(
        string callId,
        IMediaTransport transport,
        MediaPipelineOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(transport);
        options ??= new MediaPipelineOptions();
        options.ThrowIfInvalid();
        loggerFactory ??= NullLoggerFactory.Instance;

        CallId = callId;
        _transport = transport;
        _time = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger<MediaPipeline>();
        Pool = options.ResolvePool();
        Statistics = new MediaStatistics(options.AudioFormat, _time, options.Metrics);
        Sender = new AudioSender(callId, transport, Statistics, CopyWithPool(options, Pool), _time, loggerFactory.CreateLogger<AudioSender>());

        _audio = new SerialWorkQueue<AudioFrame>(ProcessAudio, options.InboundQueueCapacity, discard: static frame => frame.Dispose());
        _audio.ItemDropped += _ => Statistics.RecordDropped();
        _video = new SerialWorkQueue<VideoFrame>(ProcessVideo, options.VideoQueueCapacity, discard: static frame => frame.Dispose());
        _video.ItemDropped += _ => Statistics.RecordVideoDropped();
    }

    public string CallId { get; }

    public AudioFormat Format => Pool.Format;

    /// <summary>The pool inbound frames should be rented from by the transport.</summary>
    public AudioFramePool Pool { get; }

    /// <summary>Outbound audio: queue frames or play sources, paced at the frame rate.</summary>
    public AudioSender Sender { get; }

    public MediaStatistics Statistics { get; }

    /// <summary>Completes when both consumers have ended (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => Task.WhenAll(_audio.Completion, _video.Completion);

    /// <summary>Appends an audio processor; only before <see cref="Start"/>. The pipeline disposes it.</summary>
    public MediaPipeline Use(IAudioProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        lock (_gate)
        {
            ThrowIfStarted();
            _audioProcessors.Add(processor);
        }

        return this;
    }

    /// <summary>Appends a video processor; only before <see cref="Start"/>. The pipeline disposes it.</summary>
    public MediaPipeline Use(IVideoProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        lock (_gate)
        {
            ThrowIfStarted();
            _videoProcessors.Add(processor);
        }

        return this;
    }

    /// <summary>Starts the consumers and the sender's clock. Frames received before this wait in the queues.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == 2, this);
            if (_state == 1)
            {
                return;
            }

            _state = 1;
            _audioChain = [.. _audioProcessors];
            _audioFailureLogged = new bool[_audioChain.Length];
            _videoChain = [.. _videoProcessors];
            _videoFailureLogged = new bool[_videoChain.Length];
            _audio.Start();
            _video.Start();
        }

        Sender.Start();
        Log.Started(_logger, CallId, _audioChain.Length, _videoChain.Length);
    }

    /// <inheritdoc />
    public void OnAudioReceived(AudioFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var now = _time.GetTimestamp();
        frame.ArrivalTimestamp = now;
        Statistics.RecordReceived(frame, now);
        if (!_audio.TryEnqueue(frame))
        {
            frame.Dispose();
        }
    }

    /// <inheritdoc />
    public void OnVideoReceived(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Statistics.RecordVideoReceived();
        if (!_video.TryEnqueue(frame))
        {
            frame.Dispose();
        }
    }

    /// <summary>Sends a video frame straight to the transport; the caller keeps ownership of the frame.</summary>
    public ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default) =>
        _transport.SendVideoAsync(frame, cancellationToken);

    /// <summary>
    /// Stops accepting frames, lets the processors finish what is queued (a pipeline never started releases its
    /// queued frames unprocessed), stops the sender, then disposes every processor once, in the order they were
    /// added, so recorders close their files. A processor's asynchronous disposal is awaited here, on the caller,
    /// never on the media loop.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_state == 2)
            {
                return;
            }

            _state = 2;
        }

        await _audio.DisposeAsync().ConfigureAwait(false);
        await _video.DisposeAsync().ConfigureAwait(false);
        await Sender.DisposeAsync().ConfigureAwait(false);
        var disposed = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var processor in _audioProcessors.Cast<object>().Concat(_videoProcessors))
        {
            if (disposed.Add(processor))
            {
                await DisposeProcessorAsync(processor).ConfigureAwait(false);
            }
        }

        Log.Stopped(_logger, CallId, Statistics.FramesReceived, Statistics.FramesProcessed, Statistics.FramesDropped, Statistics.FramesSent);
    }

    private ValueTask ProcessAudio(AudioFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            RunChain(_audioChain, _audioFailureLogged, frame.AsView(), static (processor, view) => processor.Process(view));
            Statistics.RecordProcessed(_time.GetElapsedTime(frame.ArrivalTimestamp));
        }
        finally
        {
            frame.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask ProcessVideo(VideoFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            RunChain(_videoChain, _videoFailureLogged, frame.AsView(), static (processor, view) => processor.Process(view));
        }
        finally
        {
            frame.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Runs every processor on the frame's read-only view; a failure is counted, logged once per processor, and the frame goes on.</summary>
    private void RunChain<TProcessor, TFrame>(TProcessor[] chain, bool[] failureLogged, TFrame frame, Action<TProcessor, TFrame> process)
        where TProcessor : class
    {
        for (var i = 0; i < chain.Length; i++)
        {
            try
            {
                process(chain[i], frame);
            }
            catch (Exception ex)
            {
                Statistics.RecordProcessorError();
                if (!failureLogged[i])
                {
                    failureLogged[i] = true;
                    Log.ProcessorFailed(_logger, CallId, chain[i].GetType().Name, ex);
                }
            }
        }
    }

    private async ValueTask DisposeProcessorAsync(object processor)
    {
        try
        {
            switch (processor)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
        catch (Exception ex)
        {
            Log.ProcessorDisposeFailed(_logger, CallId, processor.GetType().Name, ex);
        }
    }

    private void ThrowIfStarted()
    {
        ObjectDisposedException.ThrowIf(_state == 2, this);
        if (_state != 0)
        {
            throw new InvalidOperationException("Processors must be added before the pipeline starts.");
        }
    }

    private static MediaPipelineOptions CopyWithPool(MediaPipelineOptions options, AudioFramePool pool) => new()
    {
        AudioFormat = options.AudioFormat,
        FramePool = pool,
        Metrics = options.Metrics,
        Clock = options.Clock,
        InboundQueueCapacity = options.InboundQueueCapacity,
        OutboundQueueCapacity = options.OutboundQueueCapacity,
        VideoQueueCapacity = options.VideoQueueCapacity,
        LateThreshold = options.LateThreshold,
        MaxCatchUp = options.MaxCatchUp,
        SendLead = options.SendLead,
    };
}
