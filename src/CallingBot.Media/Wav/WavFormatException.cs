namespace CallingBot.Media.Wav;

/// <summary>A WAV file is malformed or uses an encoding the pipeline does not support.</summary>
public sealed class WavFormatException : Exception
{
    public WavFormatException()
    {
    }

    public WavFormatException(string message)
        : base(message)
    {
    }

    public WavFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
