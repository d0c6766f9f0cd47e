namespace CallingBot.Media.Audio;

/// <summary>
/// A reference to a pooled frame kept by a processor beyond the call that handed it over
/// (<see cref="AudioFrameView.Retain"/>). It gives only read access; its holder disposes it exactly once, and the
/// last holder's release returns the frame to its pool. A default instance holds nothing and disposing it does nothing.
/// </summary>
public readonly struct RetainedAudioFrame : IDisposable
{
    private readonly AudioFrame? _frame;
    private readonly int _generation;

    internal RetainedAudioFrame(AudioFrame frame, int generation)
    {
        _frame = frame;
        _generation = generation;
    }

    /// <summary>The kept frame, read-only; valid until this reference is disposed (and the other holders released theirs).</summary>
    public AudioFrameView View =>
        _frame is null
            ? throw new InvalidOperationException($"This {nameof(RetainedAudioFrame)} holds no frame.")
            : new AudioFrameView(_frame, _generation);

    /// <summary>Releases this reference.</summary>
    public void Dispose()
    {
        // A frame already recycled by its pool is not this reference's any more: releasing it again would take a
        // reference from its new renter.
        if (_frame is not null && _frame.Generation == _generation)
        {
            _frame.Dispose();
        }
    }
}
