using BenchmarkDotNet.Attributes;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;
using CallingBot.Media.Streaming;
using CallingBot.Media.Video;
using CallingBot.Media.Wav;

namespace CallingBot.Media.Bench.Benchmarks;

/// <summary>
/// One inbound frame through the whole per-call chain on one core: parse the JSON into a pooled frame,
/// echo it (copy and queue on the sender), detect DTMF, record to WAV, then take the echoed frame off the
/// queue and write its outbound JSON. Frames per second per core = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class ChainBenchmarks
{
    private const int FrameCount = 500;

    // A new recording every hour of audio keeps each file far below the 4 GiB WAV limit.
    private const int FramesPerRecording = 180_000;

    private readonly AudioFramePool _pool = new(AudioFormat.Default);
    private readonly List<byte[]> _messages = [];
    private AudioStreamingDecoder _decoder = null!;
    private AudioStreamingEncoder _encoder = null!;
    private AudioSender _sender = null!;
    private IAudioProcessor[] _chain = null!;
    private WavRecorder? _recorder;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var pcm = TestAudio.Call(AudioFormat.Default, 10, seed: 3);
        _encoder = new AudioStreamingEncoder();
        for (var i = 0; i < FrameCount; i++)
        {
            var at = DateTimeOffset.UnixEpoch + (AudioFormat.Default.FrameDuration * i);
            _messages.Add(_encoder.EncodeInboundAudio(pcm.AsSpan(i * 640, 640), at, null, false).ToArray());
        }

        var options = new MediaPipelineOptions { FramePool = _pool };
        _sender = new AudioSender("bench", new NullTransport(), new MediaStatistics(AudioFormat.Default, TimeProvider.System), options);
        _chain = [new EchoProcessor(_sender), new DtmfDetector(AudioFormat.Default), null!];
        _decoder = new AudioStreamingDecoder(_pool);
    }

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public int EchoDtmfRecord()
    {
        var bytes = 0;
        for (var i = 0; i < FrameCount; i++)
        {
            if (_next % FramesPerRecording == 0)
            {
                StartRecording();
            }

            using var frame = _decoder.Decode(_messages[_next % FrameCount]).Frame!;
            frame.Timestamp = AudioFormat.Default.FrameDuration * (_next++ % FramesPerRecording);
            var view = frame.AsView();
            foreach (var processor in _chain)
            {
                processor.Process(view);
            }

            bytes += _encoder.EncodeOutboundAudio(frame.Data).Length;
            _sender.Clear();
        }

        return bytes;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _recorder?.Dispose();
        _encoder.Dispose();
    }

    private void StartRecording()
    {
        _recorder?.Dispose();
        _recorder = new WavRecorder(new WavWriter(new DiscardStream(), AudioFormat.Default), AudioFormat.Default);
        _chain[2] = _recorder;
    }

    private sealed class NullTransport : IMediaTransport
    {
        public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
