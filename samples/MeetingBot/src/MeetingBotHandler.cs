using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;

namespace MeetingBot;

/// <summary>
/// Announces itself when the meeting connects and leaves as soon as no person (user, phone or guest) is left in it.
/// Bots and application instances, including this one, do not count as people.
/// </summary>
public sealed class MeetingBotHandler(MeetingBotOptions options) : CallHandler
{
    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await call.PlayPromptAsync(options.Announcement, cancellationToken);
    }

    public override async Task OnParticipantLeftAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!call.Participants.Any(p => IsPerson(p.Identity)))
        {
            await call.HangUpAsync(cancellationToken);
        }
    }

    public static bool IsPerson(ParticipantIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity.Kind is IdentityKind.User or IdentityKind.Phone or IdentityKind.Guest;
    }
}
