using CallingBot.Media.Audio;

namespace CallingBot.Media.Tests.Fakes;

/// <summary>Builds test audio sample by sample (16 kHz mono) and cuts it into timestamped frames.</summary>
internal sealed class Signal
{
    private const int Rate = 16_000;
    private readonly List<double> _samples = [];

    public int Length => _samples.Count;

    public static double Amplitude(double rmsDbfs) => AudioLevel.FromDbfs(rmsDbfs) * Math.Sqrt(2) * 32767;

    public Signal Silence(double milliseconds)
    {
        _samples.AddRange(Enumerable.Repeat(0.0, Samples(milliseconds)));
        return this;
    }

    public Signal Tone(double low, double high, double milliseconds, double rmsDbfs)
    {
        var a = Amplitude(rmsDbfs);
        var n = Samples(milliseconds);
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / Rate;
            _samples.Add((a * Math.Sin(2 * Math.PI * low * t)) + (high > 0 ? a * Math.Sin(2 * Math.PI * high * t) : 0));
        }

        return this;
    }

    public Signal Key(char key, double milliseconds, double rmsDbfs)
    {
        var (low, high) = StandardDtmf.Frequencies(key);
        return Tone(low, high, milliseconds, rmsDbfs);
    }

    public Signal Level(double milliseconds, double rmsDbfs) => Tone(440, 0, milliseconds, rmsDbfs);

    /// <summary>Adds white Gaussian noise of the given RMS level over everything built so far.</summary>
    public Signal AddNoise(double rmsDbfs, int seed)
    {
        var random = new Random(seed);
        var sigma = AudioLevel.FromDbfs(rmsDbfs) * 32767;
        for (var i = 0; i < _samples.Count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            _samples[i] += sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return this;
    }

    /// <summary>
    /// Voiced speech stand-in: a harmonic series on a gliding pitch (90-250 Hz), shaped by vowel formants
    /// that change every 180 ms, with a 4 Hz syllable envelope, scaled to the given RMS level.
    /// </summary>
    public Signal SpeechLike(double milliseconds, double rmsDbfs, int seed)
    {
        (double F1, double F2, double F3)[] vowels =
        [
            (730, 1090, 2440), (270, 2290, 3010), (530, 1840, 2480), (570, 840, 2410),
            (300, 870, 2240), (660, 1720, 2410), (490, 1350, 1690), (440, 1020, 2240),
        ];
        var random = new Random(seed);
        var n = Samples(milliseconds);
        var raw = new double[n];
        var phase = 0.0;
        var vowel = vowels[0];
        var basePitch = 90 + (random.NextDouble() * 160);
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / Rate;
            if (i % (Rate * 180 / 1000) == 0)
            {
                vowel = vowels[random.Next(vowels.Length)];
                basePitch = 90 + (random.NextDouble() * 160);
            }

            var f0 = basePitch * (1 + (0.08 * Math.Sin(2 * Math.PI * 3 * t)));
            phase += 2 * Math.PI * f0 / Rate;
            double value = 0;
            for (var k = 1; k * f0 < 4000; k++)
            {
                var f = k * f0;
                var gain = Resonance(f, vowel.F1, 80) + Resonance(f, vowel.F2, 100) + (0.5 * Resonance(f, vowel.F3, 120));
                value += gain / k * Math.Sin(k * phase);
            }

            raw[i] = value * (0.55 + (0.45 * Math.Sin(2 * Math.PI * 4 * t)));
        }

        var rms = Math.Sqrt(raw.Sum(v => v * v) / n);
        var scale = AudioLevel.FromDbfs(rmsDbfs) * 32767 / rms;
        _samples.AddRange(raw.Select(v => v * scale));
        return this;
    }

    /// <summary>Frames of the signal starting at media time zero; a partial last frame is padded with silence.</summary>
    public List<AudioFrame> ToFrames(AudioFramePool pool, string? participant = null)
    {
        var frames = new List<AudioFrame>();
        var perFrame = pool.Format.SamplesPerFrame;
        for (var start = 0; start < _samples.Count; start += perFrame)
        {
            var frame = pool.Rent();
            var samples = frame.Samples;
            for (var i = 0; i < perFrame; i++)
            {
                var index = start + i;
                samples[i] = index < _samples.Count ? (short)Math.Clamp(Math.Round(_samples[index]), short.MinValue, short.MaxValue) : (short)0;
            }

            frame.Timestamp = pool.Format.FrameDuration * frames.Count;
            frame.ParticipantId = participant;
            frames.Add(frame);
        }

        return frames;
    }

    private static double Resonance(double f, double center, double bandwidth) => 1 / (1 + Math.Pow((f - center) / bandwidth, 2));

    private static int Samples(double milliseconds) => (int)Math.Round(milliseconds * Rate / 1000);
}
