using System.Diagnostics;
using CallingBot.Core.Platform;

namespace CallingBot.Core.Diagnostics;

/// <summary>
/// The bot's one <see cref="ActivitySource"/>, <see cref="SourceName"/>, with the names of its spans and tags. Any
/// tracing SDK exports the spans once told the source name (for OpenTelemetry: <c>AddSource("CallingBot")</c>);
/// with no listener, starting a span costs nothing and returns null.
/// </summary>
/// <remarks>
/// Spans nest: a <see cref="CallbackSpan"/> (the host's webhook request) is the parent of the
/// <see cref="CallDecisionSpan"/> and <see cref="CallEventSpan"/>s its notifications cause, and those are the parents
/// of the <see cref="GraphRequestSpan"/>s sent while handling them. Tags carry ids and kinds only, never secrets or
/// bodies.
/// </remarks>
public static class CallingBotActivity
{
    public const string SourceName = "CallingBot";

    /// <summary>Internal span: one notification request to the calling webhook, in the host.</summary>
    public const string CallbackSpan = "callback";

    /// <summary>Internal span: the call manager routing an incoming call and sending its answer, reject or redirect.</summary>
    public const string CallDecisionSpan = "call.decision";

    /// <summary>Internal span: the call manager handling one event of a call (a state, a roster change, a key, ...).</summary>
    public const string CallEventSpan = "call.event";

    /// <summary>
    /// Internal span: one verb a handler called on its call (<c>play-prompt</c>, <c>record-response</c>,
    /// <c>collect-digits</c>, <c>transfer</c>, ...), from the call until the verb completed (for a prompt, until the
    /// service reported it played); the <see cref="GraphRequestSpan"/>s it sends are its children.
    /// </summary>
    public const string CallVerbSpan = "call.verb";

    /// <summary>Client span: one outbound operation of the Graph adapter (answer, playPrompt, hangUp, ...).</summary>
    public const string GraphRequestSpan = "graph.request";

    /// <summary>The call's id (string).</summary>
    public const string CallIdTag = "callingbot.call.id";

    /// <summary>The ids of the calls a callback's notifications name, when there are several (string array).</summary>
    public const string CallIdsTag = "callingbot.call.ids";

    /// <summary>The tenant (string): of the callback's token, or of the call.</summary>
    public const string TenantIdTag = "callingbot.tenant.id";

    /// <summary>What became of a callback (string): <c>accepted</c>, <c>answered</c>, <c>malformed</c>, <c>unauthorized</c>, ...</summary>
    public const string CallbackResultTag = "callingbot.callback.result";

    /// <summary>Notifications of a callback handed on for processing (int).</summary>
    public const string NotificationCountTag = "callingbot.callback.notification_count";

    /// <summary>The decision on an incoming call (string): <c>answer</c>, <c>reject</c>, <c>redirect</c>, or <c>none</c> when none was sent.</summary>
    public const string DecisionTag = "callingbot.call.decision";

    /// <summary>The kind of call event (string): <c>state</c>, <c>participants</c>, <c>tone</c>, <c>content-sharing</c>, <c>removed</c>, <c>participant-joining</c>.</summary>
    public const string EventTag = "callingbot.call.event";

    /// <summary>The verb of a <see cref="CallVerbSpan"/> (string, for example <c>play-prompt</c>).</summary>
    public const string VerbTag = "callingbot.call.verb";

    /// <summary>The call state a <c>state</c> event reports (string, for example <c>Established</c>).</summary>
    public const string StateTag = "callingbot.call.state";

    /// <summary>The platform operation (string), for example <c>answer</c>, <c>createCall</c>, <c>playPrompt</c>, <c>hangUp</c>.</summary>
    public const string OperationTag = "callingbot.operation";

    /// <summary>OpenTelemetry's <c>error.type</c>: on a failed span, the <see cref="PlatformErrorKind"/>, or the exception's type.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>
    /// A reference, not the <see cref="ActivityContext"/> itself: a scope that ends sets it back to null, which takes it
    /// out of the flow's execution context. (A value type set back to its default stays in the context, boxed, and
    /// every context captured from that flow later, such as by the SDK's per-call notification loops, kept it.)
    /// </summary>
    private static readonly AsyncLocal<CallWorkParentScope?> CallWorkParent = new();

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>
    /// The parent of the span of call work queued here and now: the one set by <see cref="WithCallWorkParent"/>, else
    /// the current span's.
    /// </summary>
    internal static ActivityContext CurrentCallWorkParent =>
        CallWorkParent.Value is { Parent: var parent } && parent != default ? parent : Activity.Current?.Context ?? default;

    /// <summary>
    /// Until disposed, the call manager takes <paramref name="parent"/> as the parent of the spans of call work queued on
    /// this flow (an incoming call's decision, a call's events), in place of <see cref="Activity.Current"/>. For adapters
    /// whose SDK raises a call's events away from the request that carried them (the Graph SDK raises them on loops of
    /// its own): the adapter passes the request's span context through the SDK and restores it here.
    /// </summary>
    public static IDisposable WithCallWorkParent(ActivityContext parent)
    {
        var scope = new CallWorkParentScope(parent, CallWorkParent.Value);
        CallWorkParent.Value = scope;
        return scope;
    }

    /// <summary>Marks <paramref name="activity"/> failed with <paramref name="errorType"/> as its <c>error.type</c>.</summary>
    public static void SetError(Activity? activity, string errorType)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorType);
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, errorType);
        activity.SetTag(ErrorTypeTag, errorType);
    }

    /// <summary>
    /// Marks <paramref name="activity"/> failed by <paramref name="exception"/>: a <see cref="PlatformException"/> by its
    /// <see cref="PlatformException.Kind"/>, anything else by its type's full name. The message is not recorded: it may
    /// carry the service's response text.
    /// </summary>
    public static void SetError(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (activity is not null)
        {
            SetError(activity, ErrorType(exception));
        }
    }

    /// <summary>The <c>error.type</c> of <paramref name="exception"/>.</summary>
    public static string ErrorType(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is PlatformException platform ? platform.Kind.ToString() : exception.GetType().FullName ?? exception.GetType().Name;
    }

    private sealed class CallWorkParentScope(ActivityContext parent, CallWorkParentScope? previous) : IDisposable
    {
        public ActivityContext Parent => parent;

        public void Dispose() => CallWorkParent.Value = previous;
    }
}
