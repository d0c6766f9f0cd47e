using System.Runtime.CompilerServices;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// Once calls have ended, nothing is kept for them except in the stores meant for ended calls, and those hold no more
/// than their caps: no session, SDK call, adapter object, grain activation or directory cache entry, and the handlers
/// and call contexts are collectable.
/// </summary>
[Collection(MemoryCollection.Name)]
public sealed class EndedCallRetentionTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const int Calls = 40;
    private const int EmulatorEndedCalls = 5;
    private const string CallGrainType = "call";

    [Fact]
    public async Task FortyCallsEnded_NothingIsKeptForThemBeyondTheCappedStores()
    {
        var router = new WeakTrackingRouter();
        await using var bot = await BotHost.StartAsync(router, new Dictionary<string, string?>
        {
            ["CallingBot:Local:EmulatorMaxEndedCalls"] = EmulatorEndedCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var orleans = new OrleansGauges();
        var liveCallGrains = 0L;
        await RunCallAsync(bot, 0, whileEstablished: () => liveCallGrains = orleans.ReadActivations(CallGrainType));
        Assert.Equal(0, liveCallGrains); // a single instance keeps no grain per call

        for (var i = 1; i <= Calls; i++)
        {
            await RunCallAsync(bot, i);
        }

        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the call manager holds no call");
        Assert.Empty(bot.Manager.ListCalls());
        Assert.Equal(0, bot.Platform.TrackedCallCount);
        await Eventually.UntilAsync(() => bot.Platform.SdkCallCount == 0, "the SDK's call collection holds no ended call");
        var history = bot.Services.GetRequiredService<ICallHistory>().Recent(1000);
        Assert.Equal(Calls + 1, history.Count);

        // The emulator keeps ended calls for inspection, no more than its cap.
        var kept = bot.Emulator.Control.ListCalls();
        Assert.Equal(EmulatorEndedCalls, kept.Count);
        Assert.All(kept, call => Assert.Equal(CallStates.Terminated, call.State));

        // No call grain was activated on the way, and no grain directory cache keeps an address.
        Assert.Equal(0, orleans.ReadActivations(CallGrainType));
        Assert.Equal(0, orleans.Read(OrleansGauges.DirectoryCacheEntries));

        // Handlers and call contexts of ended calls are garbage.
        await Eventually.UntilAsync(
            () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                return router.AliveCount() == 0;
            },
            "handlers and call contexts of ended calls collected");
        Assert.Equal((Calls + 1) * 2, router.Tracked);
    }

    /// <summary>One call ended one of four ways; the caller keeps no reference to its handler or context.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task RunCallAsync(BotHost bot, int index, Action? whileEstablished = null)
    {
        var control = bot.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, CallStates.Established), $"call {index} established");
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)?.State == CallState.Established, $"call {index} established in the bot");
        whileEstablished?.Invoke();
        switch (index % 3)
        {
            case 0:
                await control.HangUpAsync(callId);
                break;
            case 1:
                await bot.Manager.FindCall(callId)!.HangUpAsync();
                break;
            default:
                await bot.Manager.FindCall(callId)!.PlayPromptAsync(new Prompt(new Uri("https://example.com/retention.wav")));
                await control.HangUpAsync(callId);
                break;
        }

        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, CallStates.Terminated), $"call {index} ended in the emulator");
        await Eventually.WithinAsync(bot.Manager.WhenRemovedAsync(callId), $"call {index} removed from the bot");
    }

    /// <summary>Answers every call with a new handler and keeps only weak references to the handler and its call context.</summary>
    private sealed class WeakTrackingRouter : IIncomingCallRouter
    {
        private readonly List<WeakReference> _references = [];

        public int Tracked
        {
            get
            {
                lock (_references)
                {
                    return _references.Count;
                }
            }
        }

        public int AliveCount()
        {
            lock (_references)
            {
                return _references.Count(r => r.IsAlive);
            }
        }

        public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
            ValueTask.FromResult(CallDecision.Answer(Track(new ContextTrackingHandler(this))));

        private CallHandler Track(CallHandler handler)
        {
            lock (_references)
            {
                _references.Add(new WeakReference(handler));
            }

            return handler;
        }

        private void TrackContext(ICallContext context)
        {
            lock (_references)
            {
                _references.Add(new WeakReference(context));
            }
        }

        private sealed class ContextTrackingHandler(WeakTrackingRouter owner) : CallHandler
        {
            public override Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
            {
                owner.TrackContext(call);
                return Task.CompletedTask;
            }
        }
    }
}
