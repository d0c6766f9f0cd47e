namespace CallingBot.Testing.Browser;

/// <summary>How <see cref="HeadlessChromium"/> starts the browser.</summary>
public sealed class ChromiumOptions
{
    /// <summary>A WAV file the fake microphone plays in a loop (Chromium's <c>--use-file-for-fake-audio-capture</c>); null for its beep.</summary>
    public string? FakeAudioCaptureFile { get; init; }

    /// <summary>How long the browser may take to start.</summary>
    public TimeSpan LaunchTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
