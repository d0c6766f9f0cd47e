using CallingBot.AspNetCore.Testing;

namespace EchoBot.Tests;

/// <summary>
/// The audio of the echo tests, on either platform. Frame invariant: 16 kHz mono 16-bit, 20 ms = 320 samples = 640 bytes.
/// </summary>
internal static class EchoAudio
{
    public const int FrameBytes = 16_000 / 50 * 2;

    /// <summary>Deterministic pseudo-random audio at about −20 dBFS, so any one second is unique.</summary>
    public static byte[] Noise(TimeSpan duration)
    {
        var samples = (int)(duration.TotalSeconds * 16_000);
        var pcm = new byte[samples * 2];
        uint state = 12345;
        for (var i = 0; i < samples; i++)
        {
            state = (state * 1664525) + 1013904223;
            var sample = (short)((int)(state >> 16) % 6000 - 3000);
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), sample);
        }

        return pcm;
    }

    /// <summary>
    /// Asserts that caller frames 25..74 of <paramref name="sent"/> (one second) come back in <paramref name="received"/>
    /// unchanged, whole, in order and on the 20 ms grid, and returns the frame index where the first of them came back. A loaded
    /// machine may leave an empty slot between two echoed frames (gaps are allowed), and real-time media drops a frame
    /// that is too late rather than delay the ones after it: at most <see cref="MaxDroppedFrames"/> of the 50 may be
    /// missing.
    /// </summary>
    public static int AssertEchoed(byte[] sent, byte[] received)
    {
        var missing = Missing(sent, received, out var first);
        Assert.True(missing.Count <= MaxDroppedFrames, $"caller frames come back unchanged, in order: {missing.Count} of 50 did not ({string.Join(", ", missing)})");
        return first;
    }

    /// <summary>
    /// Waits until caller frames 25..74 have come back (at most <see cref="MaxDroppedFrames"/> missing) or the caller
    /// has received <paramref name="enough"/> frames, whichever is first: a loaded machine can hold the echo back by a
    /// second while the bot's sender keeps the 20 ms grid with silence, so a fixed frame count is not enough to wait for.
    /// </summary>
    public static Task WaitForEchoAsync(Func<byte[]> sent, Func<byte[]> received, string phase, int enough = 250) =>
        Eventually.UntilAsync(
            () =>
            {
                var audio = received();
                return audio.Length >= enough * FrameBytes || Missing(sent(), audio, out _).Count <= MaxDroppedFrames;
            },
            phase,
            TimeSpan.FromSeconds(20));

    private static List<int> Missing(byte[] sent, byte[] received, out int first)
    {
        var next = 0;
        first = -1;
        var missing = new List<int>();
        for (var frame = 25; frame < 75; frame++)
        {
            var at = IndexOfAlignedFrame(received, sent.AsSpan(frame * FrameBytes, FrameBytes), next);
            if (at < 0)
            {
                missing.Add(frame);
                continue;
            }

            first = first < 0 ? at : first;
            next = at + 1;
        }

        return missing;
    }

    /// <summary>Frames of the 50 checked that may be dropped as too late on a loaded machine.</summary>
    public const int MaxDroppedFrames = 2;

    /// <summary>The first frame index at or after <paramref name="from"/> whose 20 ms of <paramref name="audio"/> equal <paramref name="frame"/>, or -1.</summary>
    private static int IndexOfAlignedFrame(byte[] audio, ReadOnlySpan<byte> frame, int from)
    {
        for (var index = from; (index + 1) * FrameBytes <= audio.Length; index++)
        {
            if (audio.AsSpan(index * FrameBytes, FrameBytes).SequenceEqual(frame))
            {
                return index;
            }
        }

        return -1;
    }
}
