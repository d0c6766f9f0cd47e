using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using CallingBot.Emulator.Softphone;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Softphone;

/// <summary>
/// The softphone's audio relay on its own: frame checks, the frame rate limit, the bounded voice queue, the resampler of
/// prompts and where prompts may be read from. Frame invariant: 16 kHz mono 16-bit, 20 ms = 320 samples = 640 bytes.
/// </summary>
public sealed class SoftphoneRelayUnitTests
{
    [Theory]
    [InlineData(WebSocketMessageType.Binary, 640, null)]
    [InlineData(WebSocketMessageType.Binary, 639, WebSocketCloseStatus.InvalidPayloadData)]
    [InlineData(WebSocketMessageType.Binary, 0, WebSocketCloseStatus.InvalidPayloadData)]
    [InlineData(WebSocketMessageType.Binary, 641, WebSocketCloseStatus.MessageTooBig)]
    [InlineData(WebSocketMessageType.Text, 640, WebSocketCloseStatus.InvalidMessageType)]
    public void Check_Message_AcceptsExactlyOneBinaryFrame(WebSocketMessageType type, int length, WebSocketCloseStatus? expected)
    {
        var problem = PageFrames.Check(type, length);

        Assert.Equal(expected, problem?.Status);
        if (problem is { } refused)
        {
            Assert.Contains("640", refused.Reason, StringComparison.Ordinal);
            Assert.True(Encoding.UTF8.GetByteCount(refused.Reason) <= 123, "a close reason fits a close frame");
        }
    }

    [Fact]
    public void RateLimiter_BurstThenRefill_RefusesOnlyWhatExceedsTheRate()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        var limiter = new FrameRateLimiter(time);

        var burst = Enumerable.Range(0, 50).Count(_ => limiter.TryTake());
        var over = limiter.TryTake();
        time.Advance(TimeSpan.FromMilliseconds(100));
        var refilled = Enumerable.Range(0, 7).Count(_ => limiter.TryTake());

        Assert.Equal(50, burst);
        Assert.False(over);
        Assert.Equal(6, refilled);
    }

    [Fact]
    public void RateLimiter_RealTimeForAMinute_NeverRefuses()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        var limiter = new FrameRateLimiter(time);
        var refused = 0;

        for (var frame = 0; frame < 3000; frame++)
        {
            refused += limiter.TryTake() ? 0 : 1;
            time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(0, refused);
    }

    [Fact]
    public void BrowserVoice_MoreFramesThanTheQueueHolds_DropsTheOldestAndPlaysTheRestInOrder()
    {
        var voice = new BrowserAudioSource();
        for (short frame = 1; frame <= BrowserAudioSource.MaxQueuedFrames + 2; frame++)
        {
            voice.Push(Frame(frame));
        }

        var played = new List<short>();
        var samples = new short[320];
        while (voice.Read(samples))
        {
            played.Add(samples[0]);
        }

        Assert.Equal(Enumerable.Range(3, BrowserAudioSource.MaxQueuedFrames).Select(i => (short)i), played);
        Assert.Equal(2, voice.FramesDropped);
        Assert.Equal(BrowserAudioSource.MaxQueuedFrames + 2, voice.FramesReceived);
        Assert.All(samples, s => Assert.Equal(0, s));
        Assert.Throws<ArgumentException>(() => voice.Push(new byte[639]));
    }

    [Theory]
    [InlineData(7_999, 1, "sample rate")]
    [InlineData(96_001, 1, "sample rate")]
    [InlineData(16_000, 0, "channels")]
    [InlineData(16_000, 3, "channels")]
    public void Resampler_OutOfBounds_ThrowsNamingTheBound(int rate, int channels, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => PcmResampler.ToTarget(new short[640], rate, channels));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resampler_LongerThanTheLimit_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => PcmResampler.ToTarget(new short[(8_000 * PcmResampler.MaxSeconds) + 1], 8_000, 1));

        Assert.Contains($"at most {PcmResampler.MaxSeconds} s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(48_000, 1)]
    [InlineData(44_100, 2)]
    [InlineData(8_000, 1)]
    [InlineData(16_000, 1)]
    public void Resampler_Sine_Keeps1kHzAndTheDuration(int rate, int channels)
    {
        var seconds = 2;
        var input = new short[rate * seconds * channels];
        for (var i = 0; i < rate * seconds; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                input[(i * channels) + c] = (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / rate));
            }
        }

        var output = PcmResampler.ToTarget(input, rate, channels);

        Assert.InRange(output.Length, (16_000 * seconds) - 1, 16_000 * seconds);
        Assert.True(ToneShare(output, 1000) > 0.95, "the tone survives resampling");
        Assert.InRange(output.Max(), 7000, 8001);
    }

    [Fact]
    public void Resolve_FileUriOfAWav_ReadsIt()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "hello.wav");
        File.WriteAllBytes(path, Wav(new short[800], 8_000, 1));

        var (resolved, reason) = PromptAudio.Resolve(new Uri(path).AbsoluteUri, []);
        var wav = PromptAudio.Load(resolved!);
        var (samples, rate, channels) = PromptAudio.ReadPcm16(wav);

        Assert.Null(reason);
        Assert.Equal((16_000, 1, 1600), (rate, channels, samples.Length));
    }

    [Fact]
    public void Resolve_UriUnderAPromptDirectory_MapsToItsFileAndStaysInside()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(Path.Combine(directory.Path, "menu.wav"), Wav(new short[160], 16_000, 1));
        PromptDirectory[] options = [new PromptDirectory { UriPrefix = "https://media.contoso.example/ivr/", Directory = directory.Path }];

        var (menu, _) = PromptAudio.Resolve("https://media.contoso.example/ivr/menu.wav?v=2", options);
        var (escaped, escapedReason) = PromptAudio.Resolve("https://media.contoso.example/ivr/..%2F..%2Fetc%2Fpasswd.wav", options);
        var (other, otherReason) = PromptAudio.Resolve("https://cdn.contoso.example/menu.wav", options);
        var (text, textReason) = PromptAudio.Resolve("https://media.contoso.example/ivr/notes.txt", options);
        var (missing, missingReason) = PromptAudio.Resolve("https://media.contoso.example/ivr/absent.wav", options);

        Assert.Equal(Path.Combine(directory.Path, "menu.wav"), menu);
        Assert.Null(escaped);
        Assert.Contains("leaves its prompt directory", escapedReason, StringComparison.Ordinal);
        Assert.Null(other);
        Assert.Contains("PUT /emulator/softphone/promptDirectories", otherReason, StringComparison.Ordinal);
        Assert.Null(text);
        Assert.Contains(".wav", textReason, StringComparison.Ordinal);
        Assert.Null(missing);
        Assert.Contains("does not exist", missingReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EightBitWav_RefusedNamingTheFormat()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "old.wav");
        var wav = Wav(new short[100], 8_000, 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 8);
        File.WriteAllBytes(path, wav);

        var error = Assert.Throws<ArgumentException>(() => PromptAudio.Load(path));

        Assert.Contains("16-bit PCM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_LongReason_FitsACloseFrame()
    {
        var reason = SoftphoneRelay.Truncate(new string('é', 200));

        Assert.True(Encoding.UTF8.GetByteCount(reason) <= 123);
        Assert.EndsWith("…", reason, StringComparison.Ordinal);
        Assert.Equal("short", SoftphoneRelay.Truncate("short"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public async Task Start_MaxAudioConnectionsOutOfRange_FailsNamingTheSetting(int connections)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => GraphEmulator.StartAsync(new EmulatorOptions { Softphone = new SoftphoneOptions { MaxAudioConnections = connections } }));

        Assert.Contains("Emulator:Softphone:MaxAudioConnections", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PromptDirectoryNotAbsolute_FailsNamingTheSetting()
    {
        var options = new EmulatorOptions { Softphone = new SoftphoneOptions { PromptDirectories = { new PromptDirectory { UriPrefix = "https://media.contoso.example/", Directory = "relative/prompts" } } } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => GraphEmulator.StartAsync(options));

        Assert.Contains("Emulator:Softphone:PromptDirectories:0:Directory", error.Message, StringComparison.Ordinal);
    }

    internal static byte[] Frame(short value)
    {
        var frame = new byte[640];
        for (var i = 0; i < 320; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(i * 2), value);
        }

        return frame;
    }

    internal static byte[] Wav(short[] samples, int rate, int channels)
    {
        var wav = new byte[44 + (samples.Length * 2)];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(wav, 0);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), wav.Length - 8);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(wav, 8);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), rate * 2 * channels);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), (short)(2 * channels));
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        Encoding.ASCII.GetBytes("data").CopyTo(wav, 36);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), samples.Length * 2);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44 + (i * 2)), samples[i]);
        }

        return wav;
    }

    /// <summary>The share of the signal's power at <paramref name="frequency"/> (Goertzel at 16 kHz).</summary>
    private static double ToneShare(short[] samples, double frequency)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / 16_000);
        double s1 = 0, s2 = 0, energy = 0;
        foreach (double x in samples)
        {
            energy += x * x;
            var s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return 2 * ((s1 * s1) + (s2 * s2) - (coefficient * s1 * s2)) / (samples.Length * energy);
    }

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = System.IO.Directory.CreateTempSubdirectory("softphone-").FullName;

        public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
    }
}
