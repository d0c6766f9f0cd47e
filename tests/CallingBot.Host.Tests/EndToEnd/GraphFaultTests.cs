using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Faults;
using CallingBot.Emulator.Timeline;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// Graph throttling and server errors, injected by the emulator, are retried by the bot's Graph request pipeline:
/// calls are still answered, hung up and created; an answer that cannot be sent is followed by a reject.
/// </summary>
public sealed class GraphFaultTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    /// <summary>Tiny backoff so the tests do not wait real seconds; a breaker that never trips at this volume.</summary>
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["CallingBot:Graph:Resilience:BaseDelay"] = "00:00:00.005",
        ["CallingBot:Graph:Resilience:MaxDelay"] = "00:00:00.020",
        ["CallingBot:Graph:Resilience:MaxRetryAttempts"] = "8",
        ["CallingBot:Graph:Resilience:BreakerMinimumThroughput"] = "1000",
    };

    [Fact]
    public async Task ThirtyPercentFaults_CallsAreAnsweredHungUpAndCreated()
    {
        var handlers = new ConcurrentDictionary<string, RecordingHandler>();
        var router = new DelegateRouter(info => CallDecision.Answer(handlers.GetOrAdd(info.CallId, _ => new RecordingHandler())));
        await using var bot = await BotHost.StartAsync(router, FastRetries);
        var control = bot.Emulator.Control;
        control.DefaultChaos = new ChaosOptions
        {
            Faults = new FaultOptions
            {
                Seed = 7,
                Requests =
                [
                    new GraphFault { Operations = ["answer", "deleteCall"], Probability = 0.3, Statuses = [429, 500, 503], RetryAfter = TimeSpan.Zero },
                    new GraphFault { Operations = ["createCall"], Probability = 0.3, Statuses = [429, 503], RetryAfter = TimeSpan.Zero },
                ],
            },
        };

        var callIds = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
            callIds.Add(callId);
            await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, CallStates.Established), $"incoming call {i} established despite faults");
            var context = await Eventually.WithinAsync(handlers[callId].Established.Task, $"handler of incoming call {i} sees it established");
            await context.HangUpAsync();
            await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, CallStates.Terminated), $"incoming call {i} hung up by the bot despite faults");
        }

        for (var i = 0; i < 4; i++)
        {
            var placed = await bot.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User(AliceId, "Alice")] }, new RecordingHandler(), CancellationToken.None);
            callIds.Add(placed.CallId);
            await Eventually.WithinAsync(control.WaitForCallStateAsync(placed.CallId, CallStates.Established), $"outbound call {i} established despite faults");
            await control.HangUpAsync(placed.CallId);
        }

        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "call manager drops every call");
        var faults = callIds.SelectMany(id => control.GetTimeline(id)).Count(e => e.Kind == TimelineEntryKind.Event && e.Description!.StartsWith("Fault rule", StringComparison.Ordinal));
        var requests = callIds.SelectMany(id => control.GetTimeline(id)).Where(e => e.Kind == TimelineEntryKind.Request).ToList();
        Assert.True(faults >= 3, $"the emulator injected faults into answers and hang-ups ({faults})");
        Assert.Equal(6, requests.Count(e => e.Method == "POST" && e.Path!.EndsWith("/answer", StringComparison.Ordinal) && e.StatusCode is >= 200 and < 300));
        Assert.Equal(6, requests.Count(e => e.Method == "DELETE" && e.StatusCode is >= 200 and < 300));
        Assert.DoesNotContain(requests, e => e.Path!.EndsWith("/reject", StringComparison.Ordinal));
        Assert.Equal(10, control.ListCalls().Count);
    }

    [Fact]
    public async Task AnswerAlwaysFailing_IsFollowedByAReject()
    {
        var router = new DelegateRouter(_ => CallDecision.Answer(new RecordingHandler()));
        await using var bot = await BotHost.StartAsync(router, FastRetries);
        var control = bot.Emulator.Control;
        var chaos = new ChaosOptions { Faults = new FaultOptions { Requests = [new GraphFault { Operations = ["answer"], Statuses = [503], RetryAfter = TimeSpan.Zero }] } };

        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId, Chaos = chaos });

        var ended = await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, CallStates.Terminated), "call ended by the reject that follows the failed answer");
        var requests = control.GetTimeline(callId).Where(e => e.Kind == TimelineEntryKind.Request).ToList();
        Assert.Equal(9, requests.Count(e => e.Path!.EndsWith("/answer", StringComparison.Ordinal) && e.StatusCode == 503));
        var reject = Assert.Single(requests, e => e.Path!.EndsWith("/reject", StringComparison.Ordinal));
        Assert.InRange(reject.StatusCode!.Value, 200, 299);
        Assert.Equal(603, ended.ResultCode);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "call manager drops the rejected call");
    }

    [Fact]
    public async Task HangUpFacing503s_IsRetriedUntilTheServiceConfirms()
    {
        var handler = new RecordingHandler();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler)), FastRetries);
        var control = bot.Emulator.Control;
        var chaos = new ChaosOptions { Faults = new FaultOptions { Requests = [new GraphFault { Operations = ["deleteCall"], Statuses = [503], RetryAfter = TimeSpan.Zero, Times = 5 }] } };
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId, Chaos = chaos });
        var context = await Eventually.WithinAsync(handler.Established.Task, "handler sees the call established");

        await context.HangUpAsync();

        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, CallStates.Terminated), "the hang-up reaches the service after 503s");
        var deletes = control.GetTimeline(callId).Where(e => e.Kind == TimelineEntryKind.Request && e.Method == "DELETE").Select(e => e.StatusCode!.Value).ToList();
        Assert.Equal([503, 503, 503, 503, 503], deletes.Take(5));
        Assert.InRange(deletes[5], 200, 299);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "call manager drops the hung-up call");
    }
}
