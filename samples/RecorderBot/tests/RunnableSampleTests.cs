using CallingBot.Testing;

namespace RecorderBot.Tests;

/// <summary><c>dotnet run --project samples/RecorderBot/src</c> as the README says: local mode, a WAV file per call.</summary>
public sealed class RunnableSampleTests
{
    [Fact]
    public async Task DotnetRun_LocalMode_RecordsTheCallToTheConfiguredDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("recorderbot-run-");
        try
        {
            await using var bot = await SampleProcess.StartAsync("RecorderBot", new Dictionary<string, string> { ["RecorderBot__Directory"] = directory.FullName });
            var callId = await bot.PlaceCallAsync();
            var call = await bot.WaitForCallStateAsync(callId, "established");
            Assert.Equal("appHosted", call.GetProperty("mediaConfigType").GetString());
            var wav = Path.Combine(directory.FullName, $"{callId}.wav");
            await Eventually.UntilAsync(() => File.Exists(wav), "the call's WAV file is created");

            // The file exists as soon as the call's media connects; hang up only once its audio has reached the file
            // (the writer's 16 KiB buffer: about half a second of audio), or a quick hang-up leaves a header alone.
            await Eventually.UntilAsync(() => new FileInfo(wav).Length > 44, "the call's audio reaches its WAV file");

            await bot.PostControlAsync($"emulator/calls/{callId}/hangUp");
            await bot.WaitForCallStateAsync(callId, "terminated");
            Assert.Equal(0, await bot.StopAsync());
            Assert.True(new FileInfo(wav).Length > 44, "the WAV file holds audio after its header");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
