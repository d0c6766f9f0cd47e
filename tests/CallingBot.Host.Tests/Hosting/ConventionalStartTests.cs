using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using CallingBot.AspNetCore;
using CallingBot.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallingBot.Host.Tests.Hosting;

/// <summary>The service starts the way .NET developers and operators expect: user secrets in Development, systemd's notify protocol.</summary>
public sealed class ConventionalStartTests
{
    private static readonly string[] LocalPorts =
    [
        "--urls", "https://127.0.0.1:0",
        "--CallingBot:Local:EmulatorHttpsPort", "0", "--CallingBot:Local:EmulatorHttpPort", "0", "--CallingBot:Local:EmulatorDataDirectory", string.Empty,
    ];

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task Host_Environment_ReadsTheServicesUserSecretsOnlyInDevelopment(string environment, bool expected)
    {
        var recovery = Directory.CreateTempSubdirectory("callingbot-user-secrets-");
        try
        {
            // The service's own Program, as `dotnet CallingBot.Host.dll` runs it (named after its entry assembly), on a test server.
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            {
                web.UseEnvironment(environment);
                foreach (var (key, value) in QuietLocalSettings(recovery.FullName))
                {
                    web.UseSetting(key, value);
                }
            });
            var app = factory.Services.GetRequiredService<IHostEnvironment>();
            var secrets = ((IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>()).Providers
                .OfType<JsonConfigurationProvider>()
                .Count(p => p.Source.Path == "secrets.json");

            // The builder finds the user secrets of the assembly named as the application: the service's.
            Assert.Equal("CallingBot.Host", app.ApplicationName);
            var id = typeof(Program).Assembly.GetCustomAttributes(typeof(Microsoft.Extensions.Configuration.UserSecrets.UserSecretsIdAttribute), false)
                .Cast<Microsoft.Extensions.Configuration.UserSecrets.UserSecretsIdAttribute>().Single().UserSecretsId;
            Assert.Equal("callingbot-host", id);
            Assert.Equal(expected ? 1 : 0, secrets);
        }
        finally
        {
            recovery.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Host_SettingsFiles_AreReadOnceAndNotWatched()
    {
        var recovery = Directory.CreateTempSubdirectory("callingbot-settings-");
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            {
                web.UseEnvironment("Development");
                foreach (var (key, value) in QuietLocalSettings(recovery.FullName))
                {
                    web.UseSetting(key, value);
                }
            });
            var files = ((IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>()).Providers.OfType<JsonConfigurationProvider>().ToList();

            // appsettings.json, appsettings.Development.json and the user secrets (the test server adds its own sources of
            // the same files): all read, none watched.
            Assert.Subset(files.Select(file => file.Source.Path).ToHashSet(), new HashSet<string?> { "appsettings.json", "appsettings.Development.json", "secrets.json" });
            Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, file.Source.Path));
        }
        finally
        {
            recovery.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--hostBuilder:reloadConfigOnChange=true" }, true)]
    public void CreateBuilder_Arguments_WatchTheSettingsFilesOnlyWhenAsked(string[] args, bool watched)
    {
        var builder = CallingBotStart.CreateBuilder(args);

        var files = ((IConfigurationBuilder)builder.Configuration).Sources.OfType<JsonConfigurationSource>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Equal(watched, file.ReloadOnChange));
    }

    [Fact]
    public async Task AddCallingBot_AnotherApplication_KeepsItsOwnNameForUserSecrets()
    {
        // A bot of its own (here named after this test assembly, which has no user secrets id) is not given the service's name.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = LocalPorts,
            EnvironmentName = "Development",
            ApplicationName = typeof(ConventionalStartTests).Assembly.GetName().Name,
        });
        builder.AddCallingBot();
        await using var app = builder.Build();

        var secrets = ((IConfigurationRoot)app.Configuration).Providers.OfType<JsonConfigurationProvider>().Count(p => p.Source.Path == "secrets.json");
        Assert.Equal("CallingBot.Host.Tests", app.Environment.ApplicationName);
        Assert.Equal(0, secrets);
    }

    [Fact]
    public void AppSettings_EveryValue_IsTheCodesDefault()
    {
        var file = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false).Build();

        var host = file.GetSection(CallingBotHostOptions.SectionName).Get<CallingBotHostOptions>()!;
        var logging = file.GetSection(CallingBot.AspNetCore.Logging.LoggingOptions.SectionName).Get<CallingBot.AspNetCore.Logging.LoggingOptions>()!;
        var history = file.GetSection(CallingBot.History.Configuration.CallHistoryOptions.SectionName).Get<CallingBot.History.Configuration.CallHistoryOptions>()!;

        var defaults = (Host: new CallingBotHostOptions(), Logging: new CallingBot.AspNetCore.Logging.LoggingOptions(), History: new CallingBot.History.Configuration.CallHistoryOptions());
        Assert.Equal((defaults.Host.Mode, defaults.Host.DrainTimeout, defaults.Host.DrainHangUpTimeout), (host.Mode, host.DrainTimeout, host.DrainHangUpTimeout));
        Assert.Equal((defaults.Logging.Format, defaults.Logging.MinimumLevel), (logging.Format, logging.MinimumLevel));
        Assert.Equal((defaults.History.Store, defaults.History.RetentionDays), (history.Store, history.RetentionDays));
        var keys = file.AsEnumerable().Where(kv => kv.Value is not null).Select(kv => kv.Key).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["AllowedHosts", "CallingBot:DrainHangUpTimeout", "CallingBot:DrainTimeout", "CallingBot:History:RetentionDays", "CallingBot:History:Store", "CallingBot:Logging:Format", "CallingBot:Logging:MinimumLevel", "CallingBot:Mode"],
            keys);
    }

    [Fact]
    public async Task Process_StartedBySystemd_NotifiesReadyAndStopping()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The systemd notify protocol is tested on Linux.");
        }

        var directory = Directory.CreateTempSubdirectory("callingbot-systemd-");
        var socketPath = Path.Combine(directory.FullName, "notify");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));

        // The hosting library recognises systemd as the parent process by its name: a shell renamed "systemd" starts the bot.
        var launcher = Path.Combine(directory.FullName, "systemd");
        File.Copy("/bin/sh", launcher);
        var host = Path.Combine(AppContext.BaseDirectory, "CallingBot.Host.dll");
        var command = string.Join(' ', new[] { "dotnet", host, "--contentRoot", directory.FullName }.Concat(LocalPorts).Select(Quote));
        var start = new ProcessStartInfo(launcher) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory.FullName };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command + "; true");
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        using var process = Process.Start(start)!;
        try
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var ready = await ReceiveAsync(notify, "READY=1", "the bot tells systemd it is ready");

            var bot = Process.GetProcesses().Single(p => p.ProcessName == "dotnet" && ParentOf(p.Id) == process.Id);
            Assert.Equal(0, Kill(bot.Id, 15));
            var stopping = await ReceiveAsync(notify, "STOPPING=1", "the bot tells systemd it is stopping");
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Contains("READY=1", ready, StringComparison.Ordinal);
            Assert.Contains("STOPPING=1", stopping, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            directory.Delete(recursive: true);
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket, string expected, string phase)
    {
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Phase '{phase}' did not complete within 90 s.");
            }

            var message = Encoding.UTF8.GetString(buffer, 0, received);
            if (message.Contains(expected, StringComparison.Ordinal))
            {
                return message;
            }
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>Local mode with nothing written under the content root (the service's source folder) and warnings only.</summary>
    private static Dictionary<string, string?> QuietLocalSettings(string recoveryDirectory) => new()
    {
        ["CallingBot:Local:EmulatorHttpsPort"] = "0",
        ["CallingBot:Local:EmulatorHttpPort"] = "0",
        ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
        ["CallingBot:Logging:MinimumLevel"] = "Warning",
        ["CallingBot:History:Store"] = "Memory",
        ["CallingBot:History:RetentionDays"] = "0",
        ["CallingBot:Recovery:Directory"] = recoveryDirectory,
        // A test server has no listening address to derive the callback URL from.
        ["CallingBot:Graph:CallbackUrl"] = "https://127.0.0.1:9/api/calling",
    };

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
