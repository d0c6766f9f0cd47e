namespace CallingBot.Emulator.Media;

/// <summary>Video the emulator sends on an app-hosted call: NV12 frames of a moving test pattern.</summary>
public sealed record VideoStreamOptions
{
    public int Width { get; init; } = 320;

    public int Height { get; init; } = 180;

    public int FramesPerSecond { get; init; } = 15;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public void Validate()
    {
        if (Width is < 2 or > 1920 || Height is < 2 or > 1080 || Width % 2 != 0 || Height % 2 != 0)
        {
            throw new ArgumentException($"Video size {Width}x{Height} is invalid: width and height must be even, at most 1920x1080.");
        }

        if (FramesPerSecond is < 1 or > 60)
        {
            throw new ArgumentException($"Video frame rate {FramesPerSecond} is invalid: 1 to 60 frames per second.");
        }
    }
}
