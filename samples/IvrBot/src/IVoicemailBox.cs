namespace IvrBot;

/// <summary>Where messages go: a database, a mailbox, a ticket system.</summary>
public interface IVoicemailBox
{
    Task SaveAsync(VoicemailMessage message, CancellationToken cancellationToken);
}
