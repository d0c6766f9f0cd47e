using System.Threading.Channels;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Video;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// The media pipeline of one call. A transport pushes inbound frames into <see cref="OnAudioReceived"/>
/// and <see cref="OnVideoReceived"/>, which never block: frames wait in a bounded queue and, when the
/// processors fall behind, the oldest is dropped and counted, so a slow processor can never stall the
/// socket. One consumer loop per queue runs the processors in the order they were added. Outbound audio
/// goes through <see cref="Sender"/>, paced on the same <see cref="TimeProvider"/>.
/// </summary>
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
    private readonly Channel<AudioFrame> _audio;
    private readonly Channel<VideoFrame> _video;
    private readonly List<IAudioProcessor> _audioProcessors = [];
    private readonly List<IVideoProcessor> _videoProcessors = [];
    private readonly Lock _gate = new();
    private IAudioProcessor[] _audioChain = [];
    private IVideoProcessor[] _videoChain = [];
    private bool[] _audioFailureLogged = [];
    private bool[] _videoFailureLogged = [];
    private Task _audioLoop = Task.CompletedTask;
    private Task _videoLoop = Task.CompletedTask;
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
        Statistics = new MediaStatistics(options.AudioFormat, _time);
        Sender = new AudioSender(callId, transport, Statistics, CopyWithPool(options, Pool), _time, loggerFactory.CreateLogger<AudioSender>());

        _audio = Channel.CreateBounded<AudioFrame>(
            new BoundedChannelOptions(options.InboundQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            frame =>
            {
                Statistics.RecordDropped();
                frame.Dispose();
            });
        _video = Channel.CreateBounded<VideoFrame>(
            new BoundedChannelOptions(options.VideoQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            frame =>
            {
                Statistics.RecordVideoDropped();
                frame.Dispose();
            });
    }

    public string CallId { get; }

    public AudioFormat Format => Pool.Format;

    /// <summary>The pool inbound frames should be rented from by the transport.</summary>
    public AudioFramePool Pool { get; }

    /// <summary>Outbound audio: queue frames or play sources, paced at the frame rate.</summary>
    public AudioSender Sender { get; }

    public MediaStatistics Statistics { get; }

    /// <summary>Completes when both consumer loops have ended (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => Task.WhenAll(_audioLoop, _videoLoop);

    /// <summary>Appends an audio processor; only before <see cref="Start"/>.</summary>
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

    /// <summary>Appends a video processor; only before <see cref="Start"/>.</summary>
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

    /// <summary>Starts the consumer loops and the sender's clock. Frames received before this wait in the queues.</summary>
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
            _audioLoop = Task.Run(RunAudioAsync);
            _videoLoop = Task.Run(RunVideoAsync);
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
        if (!_audio.Writer.TryWrite(frame))
        {
            frame.Dispose();
        }
    }

    /// <inheritdoc />
    public void OnVideoReceived(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Statistics.RecordVideoReceived();
        if (!_video.Writer.TryWrite(frame))
        {
            frame.Dispose();
        }
    }

    /// <summary>Sends a video frame straight to the transport; the caller keeps ownership of the frame.</summary>
    public ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default) =>
        _transport.SendVideoAsync(frame, cancellationToken);

    /// <summary>
    /// Stops accepting frames, lets the processors finish what is queued, stops the sender, then disposes
    /// the processors (so recorders close their files).
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

        _audio.Writer.TryComplete();
        _video.Writer.TryComplete();
        await Completion.ConfigureAwait(false);
        while (_audio.Reader.TryRead(out var audio))
        {
            audio.Dispose();
        }

        while (_video.Reader.TryRead(out var video))
        {
            video.Dispose();
        }

        await Sender.DisposeAsync().ConfigureAwait(false);
        foreach (var processor in _audioProcessors.Cast<object>().Concat(_videoProcessors))
        {
            await DisposeProcessorAsync(processor).ConfigureAwait(false);
        }

        Log.Stopped(_logger, CallId, Statistics.FramesReceived, Statistics.FramesProcessed, Statistics.FramesDropped, Statistics.FramesSent);
    }

    private async Task RunAudioAsync()
    {
        var reader = _audio.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var frame))
            {
                ProcessAudio(frame);
            }
        }
    }

    private void ProcessAudio(AudioFrame frame)
    {
        try
        {
            var chain = _audioChain;
            for (var i = 0; i < chain.Length; i++)
            {
                try
                {
                    chain[i].Process(frame);
                }
                catch (Exception ex)
                {
                    Statistics.RecordProcessorError();
                    if (!_audioFailureLogged[i])
                    {
                        _audioFailureLogged[i] = true;
                        Log.ProcessorFailed(_logger, CallId, chain[i].GetType().Name, ex);
                    }
                }
            }

            Statistics.RecordProcessed(_time.GetElapsedTime(frame.ArrivalTimestamp));
        }
        finally
        {
            frame.Dispose();
        }
    }

    private async Task RunVideoAsync()
    {
        var reader = _video.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var frame))
            {
                try
                {
                    for (var i = 0; i < _videoChain.Length; i++)
                    {
                        try
                        {
                            _videoChain[i].Process(frame);
                        }
                        catch (Exception ex)
                        {
                            Statistics.RecordProcessorError();
                            if (!_videoFailureLogged[i])
                            {
                                _videoFailureLogged[i] = true;
                                Log.ProcessorFailed(_logger, CallId, _videoChain[i].GetType().Name, ex);
                            }
                        }
                    }
                }
                finally
                {
                    frame.Dispose();
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
        InboundQueueCapacity = options.InboundQueueCapacity,
        OutboundQueueCapacity = options.OutboundQueueCapacity,
        VideoQueueCapacity = options.VideoQueueCapacity,
        LateThreshold = options.LateThreshold,
        MaxCatchUp = options.MaxCatchUp,
        SendLead = options.SendLead,
    };
}
