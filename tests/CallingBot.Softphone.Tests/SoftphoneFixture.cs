using CallingBot.Testing.Browser;

namespace CallingBot.Softphone.Tests;

/// <summary>
/// One headless Chromium for the page tests of a class. Its fake microphone plays <see cref="ToneWav"/>: a 1 kHz sine
/// at 48 kHz (the rate a sound card runs at), so the page must resample it to 16 kHz before the bot hears it.
/// </summary>
public sealed class SoftphoneFixture : IAsyncLifetime
{
    public const double ToneHz = 1000;

    public string ToneWav { get; } = Path.Combine(Path.GetTempPath(), $"softphone-tone-{Guid.NewGuid():N}.wav");

    public HeadlessChromium Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(ToneWav, Audio.SineWav(ToneHz, sampleRate: 48_000, seconds: 4, levelDbfs: -12));
        Browser = await HeadlessChromium.LaunchAsync(new ChromiumOptions { FakeAudioCaptureFile = ToneWav });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        File.Delete(ToneWav);
    }
}
