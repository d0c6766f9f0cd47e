using CallingBot.Testing;

namespace ComplianceRecorder.Tests;

/// <summary><c>dotnet run --project samples/ComplianceRecorder/src</c> as the README says: local mode, recordings in CallingBot:Recording:Directory.</summary>
public sealed class RunnableSampleTests
{
    [Fact]
    public async Task DotnetRun_LocalMode_RecordsAPolicyInvitationAndDeclinesAnOrdinaryCall()
    {
        var directory = Directory.CreateTempSubdirectory("compliance-run-");
        try
        {
            await using var bot = await SampleProcess.StartAsync("ComplianceRecorder", new Dictionary<string, string> { ["CallingBot__Recording__Directory"] = directory.FullName });

            var ordinary = await bot.PlaceCallAsync();
            await bot.WaitForCallStateAsync(ordinary, "terminated");

            var invitation = await bot.PlaceCallAsync(new() { ["policyRecording"] = true, ["policyGroupId"] = "group-1" });
            await bot.WaitForCallStateAsync(invitation, "established");
            await bot.PostControlAsync($"emulator/calls/{invitation}/hangUp");
            await bot.WaitForCallStateAsync(invitation, "terminated");
            await Eventually.UntilAsync(() => Directory.EnumerateFiles(directory.FullName, "*.json").Any(), "the recording's metadata is committed");
            Assert.Equal(0, await bot.StopAsync());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
