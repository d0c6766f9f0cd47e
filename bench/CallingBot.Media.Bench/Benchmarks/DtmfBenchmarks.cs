using BenchmarkDotNet.Attributes;
using CallingBot.Media.Audio;
using CallingBot.Media.Processors;

namespace CallingBot.Media.Bench.Benchmarks;

/// <summary>Per-frame cost of DTMF detection on speech, on a key and on silence (which the energy gate rejects early).</summary>
[MemoryDiagnoser]
public class DtmfBenchmarks
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);
    private DtmfDetector _detector = null!;
    private AudioFrame _speech = null!;
    private AudioFrame _key = null!;
    private AudioFrame _silence = null!;

    [GlobalSetup]
    public void Setup()
    {
        _detector = new DtmfDetector(AudioFormat.Default);
        var pcm = TestAudio.Call(AudioFormat.Default, 2, seed: 1);
        _speech = _pool.Rent();
        pcm.AsSpan(0, 640).CopyTo(_speech.Data);
        _key = _pool.Rent();
        TonePlayer.Dtmf("5", TimeSpan.FromMilliseconds(100), TimeSpan.Zero).TryRead(_key);
        _silence = _pool.RentSilent();
        _silence.IsSilent = false;
    }

    [Benchmark(Baseline = true)]
    public void Speech() => _detector.Process(_speech.AsView());

    [Benchmark]
    public void Key() => _detector.Process(_key.AsView());

    [Benchmark]
    public void Silence() => _detector.Process(_silence.AsView());
}
