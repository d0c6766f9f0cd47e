using System.Diagnostics;

namespace CallingBot.Host.Tests.Hosting;

/// <summary>
/// A production build can leave the emulator out (<c>-p:CallingBotEmulator=false</c>, docs/deployment.md): the service
/// is published that way for real and started without Graph credentials. The publish compiles only the hosting library
/// and the service again (into their own obj/no-emulator and bin/no-emulator folders); everything else is the test
/// run's own build, up to date, so the test takes well under a minute after its first run.
/// </summary>
public sealed class EmulatorFreeBuildTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task PublishWithoutEmulator_StartWithoutGraphCredentials_ExitsWithOneLineNamingTheAppIdSetting()
    {
        var root = FindRoot();
        var output = Directory.CreateTempSubdirectory("callingbot-no-emulator-");
        var data = Directory.CreateTempSubdirectory("callingbot-no-emulator-data-");
        try
        {
            var publish = await RunAsync(
                "dotnet",
                ["publish", Path.Combine(root, "src", "CallingBot.Host", "CallingBot.Host.csproj"), "-c", Configuration, "-p:CallingBotEmulator=false", "-o", output.FullName, "-nodeReuse:false", "-v:q", "-clp:NoSummary"],
                root,
                TimeSpan.FromMinutes(10),
                "publish the service without the emulator");
            Assert.True(publish.ExitCode == 0, $"dotnet publish failed ({publish.ExitCode}):{Environment.NewLine}{publish.Output}{publish.Error}");
            Assert.True(File.Exists(Path.Combine(output.FullName, "CallingBot.Host.dll")), "the service is published");
            Assert.True(File.Exists(Path.Combine(output.FullName, "CallingBot.AspNetCore.dll")), "the hosting library is published");
            Assert.Empty(Directory.GetFiles(output.FullName, "CallingBot.Emulator*"));
            Assert.DoesNotContain("CallingBot.Emulator", await File.ReadAllTextAsync(Path.Combine(output.FullName, "CallingBot.Host.deps.json")), StringComparison.Ordinal);

            var start = await RunAsync(
                "dotnet",
                [Path.Combine(output.FullName, "CallingBot.Host.dll"), "--contentRoot", data.FullName, "--urls", "https://127.0.0.1:0"],
                data.FullName,
                TimeSpan.FromMinutes(2),
                "start the service without Graph credentials");

            Assert.Equal(3, start.ExitCode);
            var line = Assert.Single(start.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(
                "CallingBot cannot start: Local mode needs the Graph calling emulator, which this build leaves out (-p:CallingBotEmulator=false): "
                + "configure CallingBot:Graph:AppId, with TenantId, a ClientSecret or certificate and CallbackUrl, for real mode against Microsoft Graph (docs/deployment.md).",
                line.TrimEnd('\r'));
            Assert.DoesNotContain("   at ", start.Output, StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
            data.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, string[] arguments, string directory, TimeSpan timeout, string phase)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings (set by `dotnet test`) must not steer the child build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Phase '{phase}' did not complete within {timeout.TotalSeconds:0} s.");
            }

            return (process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallingBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"CallingBot.sln not found above {AppContext.BaseDirectory}; the build test publishes the service from the repository.");
    }
}
