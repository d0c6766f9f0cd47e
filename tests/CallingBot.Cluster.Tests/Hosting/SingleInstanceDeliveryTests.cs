using System.Collections.Concurrent;
using CallingBot.AspNetCore.Cluster;
using CallingBot.Cluster.Calls;
using CallingBot.Cluster.Tests.Infrastructure;
using CallingBot.Emulator.Control;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;

namespace CallingBot.Cluster.Tests.Hosting;

/// <summary>
/// A single instance (the embedded silo) owns every call it is told about: it hands each notification batch to its own
/// platform without a grain call, one batch at a time per call, and keeps no grain per call (no other instance could
/// ask it who owns the call).
/// </summary>
public sealed class SingleInstanceDeliveryTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task IncomingCall_OnTheEmbeddedSilo_NotificationsHandledOutsideAnyGrainAndNoGrainPerCall()
    {
        var traces = new ConcurrentDictionary<string, CallTrace>();
        var recorder = new HandlingRecorder();
        await using var bot = await LocalBot.StartAsync(await LocalBot.CreateAsync(new AnsweringRouter("single", traces), services: services =>
            services.Replace(ServiceDescriptor.Singleton<ICallNotificationHandler>(sp => recorder.Wrap(ActivatorUtilities.CreateInstance<OwnerNotificationHandler>(sp))))));
        var control = bot.Emulator.Control;
        var management = bot.Services.GetRequiredService<ClusterSilo>().Grains.GetGrain<IManagementGrain>(0);

        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId, FromDisplayName = "Alice" });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, "established"), "emulator sees the call established");
        await Eventually.UntilAsync(() => traces.TryGetValue(callId, out var t) && t.Events.Any(e => e.Event == "established"), "the handler sees the call established");
        await bot.Services.GetRequiredService<ClusterCallRegistry>().WhenSettledAsync();

        // Every batch about the call was handled by this instance, none of them inside a grain's turn.
        Assert.True(recorder.Handled.Count(h => h.CallId == callId) >= 3, $"the incoming call, establishing and established batches reach the handler ({recorder.Handled.Count} seen)");
        Assert.All(recorder.Handled, h => Assert.False(h.InGrain, $"batch of call {h.CallId} handled inside a grain turn"));
        Assert.Equal(1, recorder.MaxConcurrentPerCall);

        // No grain records the live call's ownership: a single instance needs no record of it.
        Assert.Equal(0, await CallGrainActivationsAsync(management));

        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call leaves the manager");
        await bot.Services.GetRequiredService<ClusterCallRegistry>().WhenSettledAsync();
        Assert.Contains("terminated", traces[callId].Events.Select(e => e.Event));
        Assert.Equal(0, await CallGrainActivationsAsync(management));
    }

    private static async Task<int> CallGrainActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains(nameof(CallGrain), StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);

    private sealed class HandlingRecorder
    {
        private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
        private int _maxConcurrentPerCall;

        public ConcurrentQueue<(string CallId, bool InGrain)> Handled { get; } = new();

        public int MaxConcurrentPerCall => Volatile.Read(ref _maxConcurrentPerCall);

        public ICallNotificationHandler Wrap(ICallNotificationHandler inner) => new Recording(this, inner);

        private sealed class Recording(HandlingRecorder recorder, ICallNotificationHandler inner) : ICallNotificationHandler
        {
            public CallNotificationOutcome Handle(CallNotification notification, bool receivedElsewhere)
            {
                // A grain's turn runs on its activation's task scheduler; a request's work on the default one.
                recorder.Handled.Enqueue((notification.CallId, TaskScheduler.Current != TaskScheduler.Default));
                var running = recorder._inFlight.AddOrUpdate(notification.CallId, 1, (_, n) => n + 1);
                InterlockedMax(ref recorder._maxConcurrentPerCall, running);
                try
                {
                    return inner.Handle(notification, receivedElsewhere);
                }
                finally
                {
                    recorder._inFlight.AddOrUpdate(notification.CallId, 0, (_, n) => n - 1);
                }
            }

            private static void InterlockedMax(ref int target, int value)
            {
                int current;
                while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
                {
                }
            }
        }
    }
}
