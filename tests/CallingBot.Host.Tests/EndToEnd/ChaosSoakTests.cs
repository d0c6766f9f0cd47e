using System.Collections.Concurrent;
using System.Globalization;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Faults;
using CallingBot.Emulator.Timeline;
using CallingBot.Host.Tests.Api;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// 300 calls through an emulated service that reorders, duplicates and delays notifications and fails a fifth of the
/// bot's Graph requests: every call ends as it should on both sides, none is left alive anywhere, and what is kept for
/// ended calls stays within its caps.
/// </summary>
[Collection(MemoryCollection.Name)]
public sealed class ChaosSoakTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const int Calls = 300;
    private const int Concurrency = 4;
    private const int EmulatorEndedCalls = 20;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["CallingBot:Graph:Resilience:BaseDelay"] = "00:00:00.005",
        ["CallingBot:Graph:Resilience:MaxDelay"] = "00:00:00.020",
        ["CallingBot:Graph:Resilience:MaxRetryAttempts"] = "8",
        ["CallingBot:Graph:Resilience:BreakerMinimumThroughput"] = "100000",
        ["CallingBot:Local:EmulatorMaxEndedCalls"] = EmulatorEndedCalls.ToString(CultureInfo.InvariantCulture),
        ["CallingBot:Api:ApiKey"] = ApiTestHost.ApiKey,
    };

    private static int s_faultsInjected;
    private static int s_duplicatesDelivered;
    private static int s_createsRefused;
    private static int s_callsChecked;

    private enum Ending
    {
        CallerHangsUp,
        BotHangsUp,
        PromptThenCallerHangsUp,
        CallerGivesUp,
        OutboundRemoteHangsUp,
    }

    [Fact]
    public async Task ThreeHundredCallsUnderChaosAndFaults_EveryCallEndsOnBothSidesAndNothingIsLeft()
    {
        var handlers = new ConcurrentDictionary<string, RecordingHandler>();
        var router = new DelegateRouter(info => CallDecision.Answer(handlers.GetOrAdd(info.CallId, _ => new RecordingHandler())));
        await using var bot = await BotHost.StartAsync(router, Settings);
        using var api = bot.CreateApiClient();
        using var orleans = new OrleansGauges();
        var control = bot.Emulator.Control;
        var history = bot.Services.GetRequiredService<ICallHistory>();

        // Warm up without chaos, then take the baseline.
        for (var i = 0; i < 10; i++)
        {
            await RunCallAsync(bot, handlers, history, (Ending)(i % 5), i, failures: null);
        }

        var heapBefore = CollectedHeap();
        control.DefaultChaos = new ChaosOptions
        {
            ReorderEstablishing = true,
            DuplicateDelivery = true,
            DeliveryDelay = TimeSpan.FromMilliseconds(2),
            Faults = new FaultOptions
            {
                Seed = 20,
                Requests = [new GraphFault { Probability = 0.2, Statuses = [429, 500, 503], RetryAfter = TimeSpan.Zero }],
            },
        };

        var failures = new ConcurrentQueue<string>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < Calls)
            {
                await RunCallAsync(bot, handlers, history, (Ending)(index % 5), index, failures);
            }
        }));
        control.DefaultChaos = new ChaosOptions();

        Assert.Equal(10 + Calls, s_callsChecked + s_createsRefused);
        Assert.True(s_createsRefused < Calls / 5 / 2, $"most outbound calls are placed despite faults ({s_createsRefused} refused)");
        Assert.True(failures.IsEmpty, $"{failures.Count} call(s) ended wrongly:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20))}");
        Assert.True(Volatile.Read(ref s_faultsInjected) >= Calls / 10, $"the emulator failed some of the requests ({s_faultsInjected} faults on the calls' timelines)");
        Assert.True(Volatile.Read(ref s_duplicatesDelivered) >= Calls, $"the emulator delivered notifications twice ({s_duplicatesDelivered})");

        // No call alive on either side.
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the bot holds no call");
        var list = await (await api.GetAsync(new Uri("api/v1/calls", UriKind.Relative))).ReadJsonAsync();
        Assert.Equal(0, list.GetProperty("count").GetInt32());
        Assert.All(control.ListCalls(), call => Assert.Equal(CallStates.Terminated, call.State));
        Assert.Equal(EmulatorEndedCalls, control.ListCalls().Count);
        await Eventually.UntilAsync(() => bot.Platform.SdkCallCount == 0, "the SDK holds no call");
        Assert.Equal(0, bot.Platform.TrackedCallCount);

        // Bounded memory: nothing per call beyond the capped stores, and the heap back near where it was.
        await Eventually.UntilAsync(() => orleans.ReadActivations("call") == 0, "every call grain deactivated");
        Assert.Equal(0, orleans.Read(OrleansGauges.DirectoryCacheEntries));
        var heapAfter = CollectedHeap();
        Assert.True(heapAfter <= heapBefore * 1.10, $"managed heap after the soak and a full collection is {heapAfter / 1048576.0:0.0} MiB; before it {heapBefore / 1048576.0:0.0} MiB");
    }

    private static async Task RunCallAsync(BotHost bot, ConcurrentDictionary<string, RecordingHandler> handlers, ICallHistory history, Ending ending, int index, ConcurrentQueue<string>? failures)
    {
        var control = bot.Emulator.Control;
        var phase = $"call {index} ({ending})";
        string callId;
        if (ending == Ending.OutboundRemoteHangsUp)
        {
            var handler = new RecordingHandler();
            Core.Manager.CallSnapshot placed;
            try
            {
                placed = await bot.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User(AliceId, "Alice")] }, handler, CancellationToken.None);
            }
            catch (Core.Platform.PlatformException exception) when (failures is not null && exception.Kind is Core.Platform.PlatformErrorKind.Unavailable or Core.Platform.PlatformErrorKind.Throttled)
            {
                // A server error is not retried for createCall (the call may exist); the service created nothing here.
                Interlocked.Increment(ref s_createsRefused);
                return;
            }

            callId = placed.CallId;
            await Eventually.WithinAsync(handler.Established.Task, $"{phase}: established in the bot");
            await control.HangUpAsync(callId);
        }
        else
        {
            callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
            if (ending == Ending.CallerGivesUp)
            {
                await control.HangUpAsync(callId);
            }
            else
            {
                await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, CallStates.Established), $"{phase}: established in the emulator");
                var context = await Eventually.WithinAsync(handlers.GetOrAdd(callId, _ => new RecordingHandler()).Established.Task, $"{phase}: established in the bot");
                if (ending == Ending.BotHangsUp)
                {
                    await context.HangUpAsync();
                }
                else
                {
                    if (ending == Ending.PromptThenCallerHangsUp)
                    {
                        await context.PlayPromptAsync(new Prompt(new Uri("https://example.com/soak.wav")));
                    }

                    await control.HangUpAsync(callId);
                }
            }
        }

        var ended = await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, CallStates.Terminated), $"{phase}: ended in the emulator");

        // A caller who gives up at once may be gone before the bot has even raised the call: wait for its record.
        var record = await Eventually.UntilAsync(() => history.Recent(1000).FirstOrDefault(r => r.CallId == callId), $"{phase}: recorded in the bot's history");
        await Eventually.WithinAsync(bot.Manager.WhenRemovedAsync(callId), $"{phase}: removed from the bot");
        handlers.TryRemove(callId, out _);
        if (failures is not null)
        {
            var timeline = control.GetTimeline(callId);
            Interlocked.Add(ref s_faultsInjected, timeline.Count(e => e.Kind == TimelineEntryKind.Event && e.Description!.StartsWith("Fault rule", StringComparison.Ordinal)));
            Interlocked.Add(ref s_duplicatesDelivered, timeline.Count(e => e.Kind == TimelineEntryKind.Notification && e.Attempts >= 2));
        }

        var problem = Check(ending, ended, record, bot.Manager.GetCall(callId));
        Interlocked.Increment(ref s_callsChecked);
        if (problem is not null)
        {
            var message = $"{phase} {callId}: {problem}";
            if (failures is null)
            {
                Assert.Fail(message);
            }

            failures.Enqueue(message);
        }
    }

    /// <summary>What is wrong with how the call ended on each side, or null.</summary>
    private static string? Check(Ending ending, CallingBot.Emulator.Control.CallSnapshot ended, CallRecord? record, CallingBot.Core.Manager.CallSnapshot? stillHeld)
    {
        if (stillHeld is not null)
        {
            return "still held by the bot";
        }

        if (record is null)
        {
            return "not in the bot's history";
        }

        var (code, subcode, outcome, direction) = ending switch
        {
            Ending.CallerHangsUp or Ending.PromptThenCallerHangsUp => (200, 4521, "answered", CallDirection.Incoming),
            Ending.BotHangsUp => (200, 5001, "answered", CallDirection.Incoming),
            Ending.OutboundRemoteHangsUp => (200, 4521, "placed", CallDirection.Outgoing),
            _ => (0, 0, null, CallDirection.Incoming),
        };
        if (record.Direction != direction)
        {
            return $"history says {record.Direction}";
        }

        if (ending == Ending.CallerGivesUp)
        {
            // The caller hung up while the bot answered: the service ended it as the caller's hang-up.
            return ended.ResultCode == 200 && ended.ResultSubcode == 4521 ? null : $"emulator ended it with {ended.ResultCode}/{ended.ResultSubcode}";
        }

        if (ended.ResultCode != code || ended.ResultSubcode != subcode)
        {
            return $"emulator ended it with {ended.ResultCode}/{ended.ResultSubcode}, expected {code}/{subcode}";
        }

        if (record.Outcome != outcome || record.EstablishedAt is null)
        {
            return $"history says {record.Outcome}, established {record.EstablishedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never"}";
        }

        return null;
    }

    private static long CollectedHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
