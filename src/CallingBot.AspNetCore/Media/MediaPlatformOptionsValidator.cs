using System.Runtime.InteropServices;
using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Media;

/// <summary>
/// Checks <see cref="MediaPlatformOptions"/> at start: a known platform, and for <c>Native</c> a machine the native
/// media platform runs on (Windows x64) and real mode (the emulator streams media over the WebSocket only).
/// </summary>
internal sealed class MediaPlatformOptionsValidator(HostMode mode, Func<bool>? isWindows = null, Func<Architecture>? architecture = null) : IValidateOptions<MediaPlatformOptions>
{
    private const string Setting = MediaPlatformOptions.SectionName + ":Platform";

    public ValidateOptionsResult Validate(string? name, MediaPlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsNative && !options.IsWebSocket)
        {
            return ValidateOptionsResult.Fail($"{Setting} must be WebSocket or Native (got '{options.Platform}').");
        }

        if (!options.IsNative)
        {
            return ValidateOptionsResult.Success;
        }

        if (!(isWindows ?? OperatingSystem.IsWindows)())
        {
            return ValidateOptionsResult.Fail(
                $"{Setting} is Native, but Microsoft's native media platform runs only on Windows Server x64 and this machine runs {RuntimeInformation.OSDescription}: set it to WebSocket here, or deploy to Windows (docs/deployment-windows.md).");
        }

        var processArchitecture = (architecture ?? (() => RuntimeInformation.ProcessArchitecture))();
        if (processArchitecture != Architecture.X64)
        {
            return ValidateOptionsResult.Fail($"{Setting} is Native, but Microsoft's native media platform ships for x64 only and this process is {processArchitecture}: run the x64 build.");
        }

        if (mode == HostMode.Local)
        {
            return ValidateOptionsResult.Fail($"{Setting} is Native, but local mode's emulator streams media over the WebSocket only: use WebSocket in local mode.");
        }

        return ValidateOptionsResult.Success;
    }
}
