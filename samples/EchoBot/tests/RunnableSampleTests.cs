using CallingBot.Testing;

namespace EchoBot.Tests;

/// <summary><c>dotnet run --project samples/EchoBot/src</c> as the README says: local mode, app-hosted media.</summary>
public sealed class RunnableSampleTests
{
    [Fact]
    public async Task DotnetRun_LocalMode_AnswersWithAppHostedMedia()
    {
        await using var bot = await SampleProcess.StartAsync("EchoBot");
        var callId = await bot.PlaceCallAsync();

        var call = await bot.WaitForCallStateAsync(callId, "established");
        Assert.Equal("appHosted", call.GetProperty("mediaConfigType").GetString());

        await bot.PostControlAsync($"emulator/calls/{callId}/hangUp");
        await bot.WaitForCallStateAsync(callId, "terminated");
        Assert.Equal(0, await bot.StopAsync());
    }
}
