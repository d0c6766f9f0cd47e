using CallingBot.Core.Routing;

namespace IvrBot;

/// <summary>Answers every call with a fresh <see cref="IvrMenuHandler"/> (service-hosted media: the service plays and records).</summary>
public static class IvrRouter
{
    public static IIncomingCallRouter Create(IvrOptions options, IVoicemailBox voicemail, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(voicemail);
        return new RuleBasedRouter(timeProvider).Otherwise(_ => CallDecision.Answer(new IvrMenuHandler(options, voicemail, timeProvider)));
    }
}
