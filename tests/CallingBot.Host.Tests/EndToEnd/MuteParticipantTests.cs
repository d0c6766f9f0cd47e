using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Emulator.Control;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// A handler mutes another participant on Teams: the bot answers, invites a colleague (the call becomes a group call),
/// and mutes the colleague once joined. The SDK posts Graph's participant mute, and the roster change the service
/// notifies reaches the handler as a mute change of that participant.
/// </summary>
public sealed class MuteParticipantTests : IAsyncLifetime
{
    private const string ColleagueId = "0d3c43d4-0000-4000-8000-00000000c011";
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(30);
    private readonly int _port = RealModeBot.FreePort();
    private GraphEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await GraphEmulator.StartAsync(new EmulatorOptions { HttpsPort = 0, HttpPort = 0, DataDirectory = null, DefaultTenantId = RealModeBot.TenantId });
        RealModeBot.Register(_emulator, _port);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task MuteParticipant_InvitedColleagueJoined_GraphMutesThemAndTheHandlerSeesTheChange()
    {
        var handler = new MutingHandler();
        await using var bot = await RealModeBot.StartAsync(_emulator, _port, new DelegateRouter(_ => CallDecision.Answer(handler)), new Dictionary<string, string?>());
        var callId = await _emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = RealModeBot.AppId, FromUserId = "8a6d0b1e-0000-4000-8000-0000000a11ce", FromDisplayName = "Alice" });
        await Eventually.WithinAsync(_emulator.Control.WaitForCallStateAsync(callId, "established", Phase), "the call is answered and established", Phase);

        var colleague = await Eventually.WithinAsync(handler.Joined.Task, "the invited colleague joins", Phase);
        await handler.Call!.MuteParticipantAsync(colleague.Id, CancellationToken.None);

        var muted = await Eventually.WithinAsync(handler.MuteChanged.Task, "the handler sees the colleague muted", Phase);
        Assert.Equal(colleague.Id, muted.Id);
        Assert.True(muted.IsMuted);
        Assert.Single(_emulator.Control.Requests(callId, $"/participants/{colleague.Id}/mute"));
    }

    private sealed class MutingHandler : CallHandler
    {
        public TaskCompletionSource<ParticipantInfo> Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<ParticipantInfo> MuteChanged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ICallContext? Call { get; private set; }

        public override Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            Call = call;
            return call.InviteAsync(ParticipantIdentity.User(ColleagueId, "Colleague"), cancellationToken);
        }

        public override Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
        {
            if (participant.Identity.Id == ColleagueId)
            {
                Joined.TrySetResult(participant);
            }

            return Task.CompletedTask;
        }

        public override Task OnParticipantMuteChangedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
        {
            if (participant.Identity.Id == ColleagueId && participant.IsMuted)
            {
                MuteChanged.TrySetResult(participant);
            }

            return Task.CompletedTask;
        }
    }
}
