using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;

namespace CallingBot.Media.Processors;

/// <summary>Plays a <see cref="WavClip"/> through <see cref="AudioSender.PlayAsync"/>, once or in a loop.</summary>
public sealed class WavPlayer : IAudioSource
{
    private readonly WavClip _clip;
    private readonly bool _loop;
    private int _position;

    public WavPlayer(WavClip clip, bool loop = false)
    {
        ArgumentNullException.ThrowIfNull(clip);
        _clip = clip;
        _loop = loop && !clip.Pcm.IsEmpty;
    }

    /// <summary>Loads <paramref name="path"/> and plays it once.</summary>
    public static WavPlayer Open(string path, AudioFormat format) => new(WavClip.Load(path, format));

    public bool TryRead(AudioFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format != _clip.Format)
        {
            throw new InvalidOperationException($"The clip is {_clip.Format}; the frame is {frame.Format}.");
        }

        var pcm = _clip.Pcm.Span;
        var destination = frame.Data;
        if (_position >= pcm.Length && !_loop)
        {
            return false;
        }

        var written = 0;
        while (written < destination.Length)
        {
            if (_position >= pcm.Length)
            {
                if (!_loop)
                {
                    destination[written..].Clear();
                    break;
                }

                _position = 0;
            }

            var chunk = Math.Min(destination.Length - written, pcm.Length - _position);
            pcm.Slice(_position, chunk).CopyTo(destination[written..]);
            written += chunk;
            _position += chunk;
        }

        return true;
    }
}
