using BenchmarkDotNet.Attributes;
using CallingBot.Media.Audio;
using CallingBot.Media.Streaming;

namespace CallingBot.Media.Bench.Benchmarks;

/// <summary>Per-frame cost of the media streaming JSON: parsing an inbound frame and writing an outbound one.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);
    private AudioStreamingDecoder _decoder = null!;
    private AudioStreamingEncoder _encoder = null!;
    private byte[] _inbound = null!;
    private byte[] _pcm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pcm = TestAudio.Call(AudioFormat.Default, 1, seed: 1)[..AudioFormat.Default.BytesPerFrame];
        _decoder = new AudioStreamingDecoder(_pool);
        _encoder = new AudioStreamingEncoder();
        _inbound = _encoder.EncodeInboundAudio(_pcm, DateTimeOffset.UnixEpoch, "8:acs:2a7b9c1e-0000-4000-8000-1234567890ab", false).ToArray();
    }

    [Benchmark]
    public int ParseInbound()
    {
        using var frame = _decoder.Decode(_inbound).Frame!;
        return frame.Samples[0];
    }

    [Benchmark]
    public int WriteOutbound() => _encoder.EncodeOutboundAudio(_pcm).Length;

    [Benchmark]
    public int ParseAndWrite()
    {
        using var frame = _decoder.Decode(_inbound).Frame!;
        return _encoder.EncodeOutboundAudio(frame.Data).Length;
    }
}
