using CpuArchitecture = System.Runtime.InteropServices.Architecture;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.Media;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Tests.Media;

public sealed class MediaPlatformTests
{
    [Fact]
    public async Task StartAsync_NativeOnLinux_FailsWithOneLineNamingTheSetting()
    {
        Assert.False(OperatingSystem.IsWindows(), "this test runs where the native media platform cannot");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CallingBot.Host.Tests.Infrastructure.BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:Media:Platform"] = "Native",
        }));

        var line = Assert.Single(failure.Failures);
        Assert.StartsWith("CallingBot:Media:Platform is Native, but Microsoft's native media platform runs only on Windows Server x64", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task RunAsync_NativeOnLinux_PrintsTheReasonAndExitsAsInvalidConfiguration()
    {
        using var error = new StringWriter();

        var exitCode = await AspNetCore.CallingBotStart.RunAsync(
            () => CallingBot.Host.Tests.Infrastructure.BotHost.StartAsync(settings: new Dictionary<string, string?> { ["CallingBot:Media:Platform"] = "native" }),
            error);

        Assert.Equal(AspNetCore.CallingBotStart.InvalidConfiguration, exitCode);
        Assert.Contains("  - CallingBot:Media:Platform is Native, but Microsoft's native media platform runs only on Windows Server x64", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WebSocketPlatform_UsesTheWebSocketMediaSessions()
    {
        await using var bot = await CallingBot.Host.Tests.Infrastructure.BotHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallingBot:Media:Platform"] = "WebSocket",
        });

        Assert.IsType<WebSocketMediaSessionFactory>(bot.Services.GetRequiredService<IMediaSessionFactory>());
        Assert.Empty(bot.Services.GetServices<ICommunicationsClientConfigurator>());
    }

    [Theory]
    [InlineData("Websocket")]
    [InlineData("NATIVE")]
    public void Validate_PlatformNamesAreCaseInsensitive(string platform)
    {
        var validator = new MediaPlatformOptionsValidator(HostMode.Real, isWindows: () => true, architecture: () => CpuArchitecture.X64);

        Assert.True(validator.Validate(null, new MediaPlatformOptions { Platform = platform }).Succeeded);
    }

    [Fact]
    public void Validate_UnknownPlatform_NamesTheSettingAndTheChoices()
    {
        var failure = Assert.Single(new MediaPlatformOptionsValidator(HostMode.Real).Validate(null, new MediaPlatformOptions { Platform = "Skype" }).Failures!);

        Assert.Equal("CallingBot:Media:Platform must be WebSocket or Native (got 'Skype').", failure);
    }

    [Fact]
    public void Validate_NativeOnWindowsArm_NamesTheArchitecture()
    {
        var validator = new MediaPlatformOptionsValidator(HostMode.Real, isWindows: () => true, architecture: () => CpuArchitecture.Arm64);

        var failure = Assert.Single(validator.Validate(null, new MediaPlatformOptions { Platform = "Native" }).Failures!);

        Assert.Equal("CallingBot:Media:Platform is Native, but Microsoft's native media platform ships for x64 only and this process is Arm64: run the x64 build.", failure);
    }

    [Fact]
    public void Validate_NativeInLocalMode_SaysTheEmulatorStreamsOverTheWebSocket()
    {
        var validator = new MediaPlatformOptionsValidator(HostMode.Local, isWindows: () => true, architecture: () => CpuArchitecture.X64);

        var failure = Assert.Single(validator.Validate(null, new MediaPlatformOptions { Platform = "Native" }).Failures!);

        Assert.StartsWith("CallingBot:Media:Platform is Native, but local mode's emulator streams media over the WebSocket only", failure, StringComparison.Ordinal);
    }
}
