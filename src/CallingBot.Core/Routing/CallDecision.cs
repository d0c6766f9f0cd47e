using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;

namespace CallingBot.Core.Routing;

/// <summary>What to do with an incoming call: answer it with a handler, reject it, or redirect it.</summary>
public abstract record CallDecision
{
    private protected CallDecision()
    {
    }

    public static CallDecision Answer(CallHandler handler, MediaHosting media = MediaHosting.ServiceHosted, int participantCapacity = 0) =>
        new AnswerDecision(handler ?? throw new ArgumentNullException(nameof(handler)), new AnswerOptions(media, participantCapacity));

    public static CallDecision Reject(RejectReason reason = RejectReason.None) => new RejectDecision(reason);

    public static CallDecision Redirect(RedirectOptions options) => new RedirectDecision(options ?? throw new ArgumentNullException(nameof(options)));

    public static CallDecision Redirect(params ParticipantIdentity[] targets) => Redirect(new RedirectOptions(targets));
}

public sealed record AnswerDecision(CallHandler Handler, AnswerOptions Options) : CallDecision;

public sealed record RejectDecision(RejectReason Reason) : CallDecision;

public sealed record RedirectDecision(RedirectOptions Options) : CallDecision;
