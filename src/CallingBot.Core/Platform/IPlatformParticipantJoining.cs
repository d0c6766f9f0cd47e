namespace CallingBot.Core.Platform;

/// <summary>Lets the bot accept or reject a participant announced by a participantJoiningNotification.</summary>
public interface IPlatformParticipantJoining
{
    Task AcceptAsync(CancellationToken cancellationToken);

    Task RejectAsync(CancellationToken cancellationToken);
}
