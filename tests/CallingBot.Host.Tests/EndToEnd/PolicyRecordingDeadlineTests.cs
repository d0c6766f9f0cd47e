using System.Diagnostics.Metrics;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>A policy-based recording invitation the bot is too slow to answer is dropped by the service at its 5 s deadline.</summary>
public sealed class PolicyRecordingDeadlineTests
{
    [Fact]
    public async Task PolicyRecordingInvite_RouterTooSlow_ServiceDropsTheCallAndTheBotLogsAndCountsIt()
    {
        var router = new StallingRouter();
        await using var bot = await BotHost.StartAsync(router, new Dictionary<string, string?>
        {
            ["CallingBot:Calls:PolicyRecordingDecisionBudget"] = "00:00:01",
            ["CallingBot:Calls:UndecidedCallAction"] = "Ignore",
        });
        long late = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (CallInstruments.Is(instrument, bot.Services, "callingbot.calls.late_decisions"))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref late, value));
        listener.Start();

        var callId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest
        {
            AppId = bot.AppId,
            FromUserId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698",
            PolicyRecording = true,
        });

        await Eventually.WithinAsync(router.Seen.Task, "router asked about the invitation");
        var terminated = await bot.Emulator.Control.WaitForCallStateAsync(callId, "terminated", TimeSpan.FromSeconds(20));
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot forgets the dropped call");

        Assert.Equal(408, terminated.ResultCode);
        Assert.DoesNotContain(bot.Emulator.Control.GetTimeline(callId), e => e.Path?.EndsWith("/answer", StringComparison.Ordinal) == true);
        Assert.Equal(1, Interlocked.Read(ref late));
        var record = Assert.Single(bot.Services.GetRequiredService<ICallHistory>().Recent(10));
        Assert.Equal("ignored", record.Outcome);
        Assert.Equal(408, record.Termination!.Code);
        Assert.Contains(record.Events, e => e.Kind == "decision" && e.Detail == "router missed its budget");
    }

    private sealed class StallingRouter : IIncomingCallRouter
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
        {
            Assert.NotNull(call.PolicyRecording);
            Seen.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
