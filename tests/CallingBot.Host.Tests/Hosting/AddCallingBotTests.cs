using System.Net.Sockets;
using CallingBot.AspNetCore;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.LocalMode;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Host.Tests.Hosting;

/// <summary>A bot hosted the way a developer's Program.cs does it: WebApplication.CreateBuilder, AddCallingBot, MapCallingBot.</summary>
public sealed class AddCallingBotTests : IDisposable
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private readonly DirectoryInfo _recovery = Directory.CreateTempSubdirectory("callingbot-add-bot-");

    [Fact]
    public async Task UseHandler_TwoIncomingCalls_EachAnsweredByANewHandlerBuiltFromTheServices()
    {
        var builder = LocalBuilder();
        builder.Services.AddSingleton<HandlerLog>();
        builder.AddCallingBot(bot => bot.UseHandler<LoggingHandler>());
        await using var app = await StartAsync(builder);
        var local = app.Services.GetRequiredService<LocalEnvironment>();
        var log = app.Services.GetRequiredService<HandlerLog>();

        var first = await local.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = AliceId });
        var second = await local.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = AliceId });
        await local.Emulator.Control.WaitForCallStateAsync(first, "established");
        await local.Emulator.Control.WaitForCallStateAsync(second, "established");
        await Eventually.UntilAsync(() => log.Established.Count == 2, "both handlers see their call established");

        Assert.Equal(2, log.Created);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), log.Established.Select(e => e.CallId).Order(StringComparer.Ordinal));
        Assert.NotSame(log.Established.First().Handler, log.Established.Last().Handler);
        Assert.Contains("serviceHostedMediaConfig", AnswerBody(local, first), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UseRouter_RouterType_DecidesIncomingCalls()
    {
        var builder = LocalBuilder();
        builder.Services.AddSingleton<HandlerLog>();
        builder.AddCallingBot(bot => bot.UseRouter<RejectingRouter>());
        await using var app = await StartAsync(builder);
        var local = app.Services.GetRequiredService<LocalEnvironment>();

        var callId = await local.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = AliceId });

        await local.Emulator.Control.WaitForCallStateAsync(callId, "terminated");
        Assert.Single(local.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/reject", StringComparison.Ordinal));
        Assert.Equal(1, app.Services.GetRequiredService<HandlerLog>().Routed);
    }

    [Fact]
    public async Task NoRouter_IncomingCall_AnsweredByTheDefaultHandler()
    {
        var builder = LocalBuilder();
        var bot = builder.AddCallingBot();
        await using var app = await StartAsync(builder);
        var local = app.Services.GetRequiredService<LocalEnvironment>();

        var callId = await local.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = AliceId });

        await local.Emulator.Control.WaitForCallStateAsync(callId, "established");
        Assert.Equal(HostMode.Local, bot.Mode);
        Assert.IsType<DefaultRouter>(app.Services.GetRequiredService<IIncomingCallRouter>());
    }

    [Fact]
    public async Task UseHandler_AppHostedMedia_AnswersWithTheAppHostedConfiguration()
    {
        var builder = LocalBuilder();
        builder.Services.AddSingleton<HandlerLog>();
        builder.AddCallingBot(bot => bot.UseHandler<LoggingHandler>(MediaHosting.AppHosted));
        await using var app = await StartAsync(builder);
        var local = app.Services.GetRequiredService<LocalEnvironment>();

        var callId = await local.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = AliceId });

        await local.Emulator.Control.WaitForCallStateAsync(callId, "established");
        Assert.Contains("appHostedMediaConfig", AnswerBody(local, callId), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HandlerRouter_AdoptedCall_ContinuesOnlyWithAHandlerThatOverridesOnAdopted()
    {
        using var services = new ServiceCollection().AddSingleton<HandlerLog>().BuildServiceProvider();
        var adopted = new AdoptedCallInfo("call-1", null, CallDirection.Incoming, MediaHosting.ServiceHosted, AdoptionReason.Restart, null, null, new Dictionary<string, string>());

        var plain = await new HandlerRouter<LoggingHandler>(services, MediaHosting.ServiceHosted).AdoptAsync(adopted, CancellationToken.None);
        var adopting = await new HandlerRouter<AdoptingHandler>(services, MediaHosting.ServiceHosted).AdoptAsync(adopted, CancellationToken.None);

        Assert.Null(plain);
        Assert.IsType<AdoptingHandler>(adopting);
    }

    [Fact]
    public async Task UseTimeProvider_TheCallManagerRunsOnTheGivenClock()
    {
        var clock = new FakeTimeProvider();
        var builder = LocalBuilder();
        builder.AddCallingBot(bot => bot.UseTimeProvider(clock));
        await using var app = builder.Build();

        Assert.Same(clock, app.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task LocalMode_AppDisposedWithoutStopping_StopsTheEmulator()
    {
        var builder = LocalBuilder();
        builder.AddCallingBot();
        var app = await StartAsync(builder);
        var emulator = app.Services.GetRequiredService<LocalEnvironment>().Emulator.HttpsBaseAddress;
        Assert.True(await AcceptsAsync(emulator), "the emulator listens while the app runs");

        await app.DisposeAsync();

        Assert.False(await AcceptsAsync(emulator), "the emulator stopped with the app");
    }

    [Fact]
    public void AddCallingBot_Twice_FailsNamingTheOneCall()
    {
        var builder = LocalBuilder();
        builder.AddCallingBot();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddCallingBot());

        Assert.StartsWith("AddCallingBot was already called on this builder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapCallingBot_WithoutAddCallingBot_FailsNamingIt()
    {
        await using var app = WebApplication.CreateBuilder(["--environment", "Testing"]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapCallingBot());

        Assert.Equal("MapCallingBot needs the bot's services: call builder.AddCallingBot() before builder.Build().", error.Message);
    }

    public void Dispose() => _recovery.Delete(recursive: true);

    private WebApplicationBuilder LocalBuilder()
    {
        var builder = WebApplication.CreateBuilder(["--urls", "https://127.0.0.1:0", "--environment", "Testing"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallingBot:Mode"] = "Local",
            ["CallingBot:Local:EmulatorHttpsPort"] = "0",
            ["CallingBot:Local:EmulatorHttpPort"] = "0",
            ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
            ["CallingBot:Logging:MinimumLevel"] = "Warning",
            ["CallingBot:DrainTimeout"] = "00:00:05",
            ["CallingBot:History:Store"] = "Memory",
            ["CallingBot:History:RetentionDays"] = "0",
            ["CallingBot:Recovery:Directory"] = _recovery.FullName,
        });
        return builder;
    }

    private static async Task<WebApplication> StartAsync(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.MapCallingBot();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private static string AnswerBody(LocalEnvironment local, string callId) =>
        Assert.Single(local.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/answer", StringComparison.Ordinal)).Body!;

    private static async Task<bool> AcceptsAsync(Uri address)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address.Host, address.Port).WaitAsync(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A singleton the handlers and routers of these tests report to.</summary>
    private sealed class HandlerLog
    {
        private int _created;
        private int _routed;

        public int Created => Volatile.Read(ref _created);

        public int Routed => Volatile.Read(ref _routed);

        public System.Collections.Concurrent.ConcurrentQueue<(string CallId, CallHandler Handler)> Established { get; } = new();

        public void OnCreated() => Interlocked.Increment(ref _created);

        public void OnRouted() => Interlocked.Increment(ref _routed);
    }

    private sealed class LoggingHandler : CallHandler
    {
        private readonly HandlerLog _log;

        public LoggingHandler(HandlerLog log)
        {
            _log = log;
            log.OnCreated();
        }

        public override Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            _log.Established.Enqueue((call.CallId, this));
            return Task.CompletedTask;
        }
    }

    private sealed class AdoptingHandler(HandlerLog log) : CallHandler
    {
        public HandlerLog Log { get; } = log;

        public override Task OnAdoptedAsync(ICallContext call, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class RejectingRouter(HandlerLog log) : IIncomingCallRouter
    {
        public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
        {
            log.OnRouted();
            return ValueTask.FromResult(CallDecision.Reject());
        }
    }
}
