using System.Collections.Concurrent;
using System.Diagnostics;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Faults;
using CallingBot.Emulator.Timeline;
using CallingBot.Graph.Authentication;
using CallingBot.AspNetCore.Hosting;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Host.Tests.Logging;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Tests.Hosting;

/// <summary>
/// Shutdown of a host in local mode holding established calls: each call is hung up once, the service's confirmations
/// still reach the bot, the in-process emulator outlives the bot's last request, and the process stops within
/// <c>DrainTimeout</c> + <c>DrainHangUpTimeout</c> + the fixed grace even when the service stops answering.
/// </summary>
public sealed class DrainTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    /// <summary>A wall-clock bound is only an upper bound: the machine running the tests may be slow.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Stop_FiftyEstablishedCallsPastTheDrainTimeout_HangsUpEachOnceAndWaitsForTheConfirmations()
    {
        var log = new LogCapture();
        var journal = new GraphRequestJournal(log);
        var handlers = new ConcurrentDictionary<string, RecordingHandler>(StringComparer.OrdinalIgnoreCase);
        var router = new DelegateRouter(info => CallDecision.Answer(handlers.GetOrAdd(info.CallId, _ => new RecordingHandler())));
        var bot = await StartAsync(router, log, journal, drainTimeout: "00:00:02", hangUpTimeout: "00:00:10");
        var control = bot.Emulator.Control;

        // The service's notifications, the confirmation of each hang-up among them, arrive half a second late.
        var late = new ChaosOptions { DeliveryDelay = TimeSpan.FromMilliseconds(500) };
        var callIds = await PlaceEstablishedCallsAsync(bot, handlers, 50, late);

        var options = bot.Services.GetRequiredService<IOptions<CallingBotHostOptions>>().Value;
        var hostOptions = bot.Services.GetRequiredService<IOptions<HostOptions>>().Value;
        var history = bot.Services.GetRequiredService<ICallHistory>();
        var lifecycle = bot.Services.GetRequiredService<BotLifecycleService>();
        var stopwatch = Stopwatch.StartNew();
        var stopping = bot.DisposeAsync().AsTask();
        await Eventually.UntilAsync(() => lifecycle.IsDraining, "the host starts draining");
        var refusedId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        var refused = await Eventually.WithinAsync(control.WaitForCallStateAsync(refusedId, CallStates.Terminated), "a call arriving while draining is refused");
        await Eventually.WithinAsync(stopping, "the host stops", TimeSpan.FromSeconds(60));
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < options.ShutdownTimeout + Slack, $"stopped after {stopwatch.Elapsed}, bound {options.ShutdownTimeout} + slack");
        Assert.Equal(TimeSpan.FromSeconds(17), options.ShutdownTimeout);
        Assert.Equal(options.ShutdownTimeout, hostOptions.ShutdownTimeout);

        // Exactly one DELETE per call, each answered by the emulator, and nothing else sent after the answers.
        foreach (var callId in callIds)
        {
            var deletes = control.GetTimeline(callId).Where(e => e.Kind == TimelineEntryKind.Request && e.Method == "DELETE").ToList();
            Assert.Equal(204, Assert.Single(deletes).StatusCode);
            Assert.Equal(1, journal.Count("DELETE", callId));
        }

        Assert.Equal(0, journal.Count("DELETE", refusedId));
        Assert.Empty(journal.Failures);

        // Ended on both sides: the emulator ended each call for the bot's hang-up, and the bot heard it from the
        // emulator (200/5001, not a termination the bot assumed).
        Assert.All(callIds, id => Assert.Equal((200, 5001), (control.GetCall(id)!.ResultCode, control.GetCall(id)!.ResultSubcode)));
        Assert.All(callIds, id => Assert.True(handlers[id].Terminated.Task.IsCompleted, $"handler of {id} told the call ended"));
        var terminations = await Task.WhenAll(callIds.Select(id => handlers[id].Terminated.Task));
        Assert.All(terminations, t => Assert.Equal((200, 5001), (t.Code, t.Subcode)));
        Assert.Equal(0, bot.Manager.ActiveCallCount);
        Assert.Equal(51, history.Recent(100).Count);
        Assert.Equal(486, refused.ResultCode);

        // The log says what the drain did, in its own words, and the emulator stopped after the bot's last request.
        var lines = log.Lines;
        Assert.Single(lines, l => l.Contains("Shutting down: draining 50 active call(s): up to 2 s for them to end, then up to 10 s for their hang-ups to be confirmed", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("Draining: 50 calls still active after 2 s; hanging them up", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("Draining: incoming call rejected as busy; the bot is shutting down", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("(50 call(s) hung up by the bot, 0 dropped without confirmation)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("At capacity", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Hang-up after failure", StringComparison.Ordinal));
        var drainStarted = lines.ToList().FindIndex(l => l.Contains("Shutting down: draining", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Skip(drainStarted), l => (l.Contains(" WRN]", StringComparison.Ordinal) || l.Contains(" ERR]", StringComparison.Ordinal)) && !l.Contains("hanging them up", StringComparison.Ordinal));
        AssertEmulatorStoppedAfterTheLastRequest(lines);
    }

    [Fact]
    public async Task Stop_EmulatorStopsAnsweringHangUps_DropsTheCallsWhenTheMarginEndsAndStops()
    {
        var log = new LogCapture();
        var journal = new GraphRequestJournal(log);
        var handlers = new ConcurrentDictionary<string, RecordingHandler>(StringComparer.OrdinalIgnoreCase);
        var router = new DelegateRouter(info => CallDecision.Answer(handlers.GetOrAdd(info.CallId, _ => new RecordingHandler())));
        var bot = await StartAsync(router, log, journal, drainTimeout: "00:00:01", hangUpTimeout: "00:00:02");

        // The emulated service holds every hang-up without answering (far longer than the drain).
        var silent = new ChaosOptions { Faults = new FaultOptions { Requests = [new GraphFault { Operations = ["deleteCall"], Delay = TimeSpan.FromMinutes(10) }] } };
        var callIds = await PlaceEstablishedCallsAsync(bot, handlers, 20, silent);

        var options = bot.Services.GetRequiredService<IOptions<CallingBotHostOptions>>().Value;
        var stopwatch = Stopwatch.StartNew();
        await Eventually.WithinAsync(bot.DisposeAsync().AsTask(), "the host stops", TimeSpan.FromSeconds(60));
        stopwatch.Stop();

        Assert.Equal(TimeSpan.FromSeconds(8), options.ShutdownTimeout);
        Assert.True(stopwatch.Elapsed < options.ShutdownTimeout + Slack, $"stopped after {stopwatch.Elapsed}, bound {options.ShutdownTimeout} + slack");

        // One hang-up per call reached the emulator and was given up when the margin ended; none was sent again.
        Assert.All(callIds, id => Assert.Equal(1, journal.Count("DELETE", id)));
        Assert.All(journal.Failures, f => Assert.Contains("TaskCanceledException", f, StringComparison.Ordinal));
        Assert.All(callIds, id => Assert.True(handlers[id].Terminated.Task.IsCompleted, $"handler of {id} told the call ended"));
        Assert.All(await Task.WhenAll(callIds.Select(id => handlers[id].Terminated.Task)), t => Assert.Equal(CallTermination.BotShutdown, t));
        Assert.Equal(0, bot.Manager.ActiveCallCount);

        var lines = log.Lines;
        Assert.Single(lines, l => l.Contains("Draining: 20 calls still active after 1 s; hanging them up", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("Draining: 20 call(s) not confirmed ended 2 s after their hang-up; dropped without further requests", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("(20 call(s) hung up by the bot, 20 dropped without confirmation)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("At capacity", StringComparison.Ordinal));
        AssertEmulatorStoppedAfterTheLastRequest(lines);
    }

    private static async Task<BotHost> StartAsync(IIncomingCallRouter router, LogCapture log, GraphRequestJournal journal, string drainTimeout, string hangUpTimeout) =>
        await BotHost.StartAsync(
            router,
            new Dictionary<string, string?>
            {
                ["CallingBot:DrainTimeout"] = drainTimeout,
                ["CallingBot:DrainHangUpTimeout"] = hangUpTimeout,
                ["CallingBot:Logging:MinimumLevel"] = "Information",
            },
            services => services.AddHttpClient(GraphHttpClients.Graph).AddHttpMessageHandler(() => journal.CreateHandler()),
            log);

    private static async Task<List<string>> PlaceEstablishedCallsAsync(BotHost bot, ConcurrentDictionary<string, RecordingHandler> handlers, int count, ChaosOptions chaos)
    {
        var control = bot.Emulator.Control;
        var callIds = new List<string>();
        for (var i = 0; i < count; i++)
        {
            callIds.Add(await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId, Chaos = chaos }));
        }

        foreach (var callId in callIds)
        {
            await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, CallStates.Established, TimeSpan.FromSeconds(60)), $"call {callId} established at the emulator", TimeSpan.FromSeconds(60));
        }

        await Eventually.UntilAsync(() => callIds.All(id => handlers.TryGetValue(id, out var h) && h.Established.Task.IsCompleted), "every handler sees its call established", TimeSpan.FromSeconds(60));
        return callIds;
    }

    /// <summary>The emulator's stop is logged after every request the bot sent (each journalled in the same log).</summary>
    private static void AssertEmulatorStoppedAfterTheLastRequest(IReadOnlyList<string> lines)
    {
        var list = lines.ToList();
        var stopped = list.FindIndex(l => l.Contains("Local emulator stopped after the drain", StringComparison.Ordinal));
        var lastRequest = list.FindLastIndex(l => l.Contains(GraphRequestJournal.Marker, StringComparison.Ordinal));
        Assert.True(stopped >= 0, "the emulator's stop is logged");
        Assert.True(lastRequest >= 0, "requests are journalled");
        Assert.True(lastRequest < stopped, $"a request ended after the emulator stopped: {list[lastRequest]}");
    }

    /// <summary>
    /// Every attempt of a Graph request (inside the retry pipeline), counted per method and call, and written to the
    /// test's log when it ends, so its place among the host's log events is known.
    /// </summary>
    private sealed class GraphRequestJournal(LogCapture log)
    {
        public const string Marker = "GRAPH-ATTEMPT";

        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

        public ConcurrentQueue<string> Failures { get; } = new();

        public int Count(string method, string callId) => _counts.TryGetValue($"{method} {callId}", out var count) ? count : 0;

        public DelegatingHandler CreateHandler() => new Handler(this);

        private void Record(HttpRequestMessage request, string outcome)
        {
            var path = request.RequestUri!.AbsolutePath;
            var callId = path.Split('/').SkipWhile(s => s != "calls").Skip(1).FirstOrDefault() ?? "-";
            _counts.AddOrUpdate($"{request.Method} {callId}", 1, (_, n) => n + 1);

            // One write: a line of its own even when the host logs at the same moment.
            log.Write($"{Environment.NewLine}{Marker} {request.Method} {path} {outcome}{Environment.NewLine}");
        }

        private sealed class Handler(GraphRequestJournal journal) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                try
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    journal.Record(request, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    return response;
                }
                catch (Exception exception)
                {
                    journal.Failures.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}: {exception.GetType().Name}");
                    journal.Record(request, exception.GetType().Name);
                    throw;
                }
            }
        }
    }
}
