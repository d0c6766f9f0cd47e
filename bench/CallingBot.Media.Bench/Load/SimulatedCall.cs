using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;
using CallingBot.Media.Streaming;
using CallingBot.Media.Video;
using CallingBot.Media.Wav;

namespace CallingBot.Media.Bench.Load;

/// <summary>
/// One real-time call: a simulated service paces inbound audio at 20 ms and hands each frame to the bot
/// as media streaming JSON; the bot decodes it and runs echo + DTMF + WAV recording, and its sender paces
/// the echo back out, encoded as outbound JSON. Only the socket is missing.
/// </summary>
internal sealed class SimulatedCall : IAsyncDisposable
{
    private readonly AudioSender _service;

    public SimulatedCall(int index, WavClip audio, AudioFramePool pool)
    {
        var options = new MediaPipelineOptions { FramePool = pool };
        Pipeline = new MediaPipeline($"call-{index}", new BotTransport(), options);
        Pipeline
            .Use(new EchoProcessor(Pipeline.Sender))
            .Use(new DtmfDetector(pool.Format))
            .Use(new WavRecorder(new WavWriter(new DiscardStream(), pool.Format), pool.Format));

        ServiceStatistics = new MediaStatistics(pool.Format, TimeProvider.System);
        _service = new AudioSender($"service-{index}", new ServiceTransport(Pipeline), ServiceStatistics, options);
        _ = _service.PlayAsync(new WavPlayer(audio, loop: true));
    }

    public MediaPipeline Pipeline { get; }

    /// <summary>Pacing of the simulated service's inbound stream.</summary>
    public MediaStatistics ServiceStatistics { get; }

    public void Start()
    {
        Pipeline.Start();
        _service.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await Pipeline.DisposeAsync();
    }

    /// <summary>The service end of the socket: writes inbound JSON and the bot's receive loop decodes it.</summary>
    private sealed class ServiceTransport(MediaPipeline pipeline) : IMediaTransport
    {
        private readonly AudioStreamingEncoder _encoder = new();
        private readonly AudioStreamingDecoder _decoder = new(pipeline.Pool);
        private readonly DateTimeOffset _epoch = DateTimeOffset.UtcNow;

        public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken = default)
        {
            var json = _encoder.EncodeInboundAudio(frame.Data, _epoch + frame.Timestamp, null, silent: false);
            var message = _decoder.Decode(json.Span);
            pipeline.OnAudioReceived(message.Frame!);
            return ValueTask.CompletedTask;
        }

        public ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    /// <summary>The bot end of the socket: encodes what the bot sends.</summary>
    private sealed class BotTransport : IMediaTransport
    {
        private readonly AudioStreamingEncoder _encoder = new();

        public long BytesSent { get; private set; }

        public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken = default)
        {
            BytesSent += _encoder.EncodeOutboundAudio(frame.Data).Length;
            return ValueTask.CompletedTask;
        }

        public ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
