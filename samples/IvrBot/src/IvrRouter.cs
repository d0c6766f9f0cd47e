using CallingBot.Core.Routing;

namespace IvrBot;

/// <summary>
/// Answers every call with a fresh <see cref="IvrMenuHandler"/> (service-hosted media: the service plays and records),
/// and gives a call taken over after a restart a fresh menu too (it starts again at the menu).
/// </summary>
public static class IvrRouter
{
    public static IIncomingCallRouter Create(IvrOptions options, IVoicemailBox voicemail, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(voicemail);
        return new RuleBasedRouter(timeProvider)
            .Otherwise(_ => CallDecision.Answer(new IvrMenuHandler(options, voicemail, timeProvider)))
            .WhenAdopted(_ => new IvrMenuHandler(options, voicemail, timeProvider));
    }
}
