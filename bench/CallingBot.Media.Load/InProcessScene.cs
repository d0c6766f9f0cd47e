using System.Diagnostics;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.LocalMode;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.Media.Load;

/// <summary>The real host in local mode with its in-process emulator: bot and emulator share this process and its CPU.</summary>
internal sealed class InProcessScene : IMediaLoadScene
{
    private readonly WebApplication _app;
    private readonly LocalEnvironment _local;
    private readonly BotMeasurement _bot;

    private InProcessScene(WebApplication app, LocalEnvironment local, BotMeasurement bot)
    {
        _app = app;
        _local = local;
        _bot = bot;
    }

    public string Description => "bot and emulator in this process (local mode)";

    public int BotProcessId => Environment.ProcessId;

    private EmulatorControl Control => _local.Emulator.Control;

    public static async Task<InProcessScene> StartAsync(byte[] wav)
    {
        var router = new LoadRouter();
        var app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CallingBot:Mode"] = "Local",
                ["CallingBot:Local:EmulatorHttpsPort"] = "0",
                ["CallingBot:Local:EmulatorHttpPort"] = "0",
                ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
                ["CallingBot:Logging:MinimumLevel"] = "Error",
                ["CallingBot:DrainTimeout"] = "00:00:10",
            });
            builder.Services.Replace(ServiceDescriptor.Singleton<IIncomingCallRouter>(router));
        });
        await app.StartAsync();
        var local = app.Services.GetRequiredService<LocalEnvironment>();
        local.Emulator.Control.Media.DefaultOptions = new CallMediaOptions { KeepSeconds = 0, DefaultSource = MediaSourceSpec.Wav(wav, loop: true) };
        return new InProcessScene(app, local, new BotMeasurement(router));
    }

    public Task<string> PlaceCallAsync() =>
        Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = _local.Options.AppId, FromUserId = Guid.NewGuid().ToString() });

    public Task<int> BotConnectedAsync() => Task.FromResult(_bot.Connected);

    public Task<EmulatorStreams> EmulatorStreamsAsync(IReadOnlyList<string> callIds) =>
        Task.FromResult(new EmulatorStreams(callIds
            .Select(Control.Media.GetStatistics)
            .Select(s => s is null ? null : new EmulatorStream(s.State, s.LateSends, s.SkippedSlots, s.Error))
            .ToList()));

    public Task ResetBotAsync()
    {
        _bot.Reset();
        return Task.CompletedTask;
    }

    public Task<BotFigures> ReadBotAsync() => Task.FromResult(_bot.Read());

    public (TimeSpan Bot, TimeSpan? Emulator) CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return (self.TotalProcessorTime, null);
    }

    public async Task<(bool Done, string? Reason)> TryHangUpAsync(string callId)
    {
        if (Control.GetCall(callId) is not { } call)
        {
            return (false, "the emulator no longer has the call");
        }

        if (call.State == "terminated")
        {
            return (true, null);
        }

        try
        {
            await Control.HangUpAsync(callId);
            return (true, null);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException)
        {
            return (false, exception.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
