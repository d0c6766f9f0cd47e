using System.Diagnostics;
using CallingBot.Core.Diagnostics;
using CallingBot.Dashboard.Timeline;

namespace CallingBot.Dashboard.Tests.Timeline;

/// <summary>The bot's spans become arrows between the lanes of the sequence diagram.</summary>
public sealed class TimelineSpanReaderTests : IDisposable
{
    private readonly ActivitySource _source = new(CallingBotActivity.SourceName);
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = s => s.Name == CallingBotActivity.SourceName,
        Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
    };

    public TimelineSpanReaderTests() => ActivitySource.AddActivityListener(_listener);

    public static TheoryData<string, (string Tag, object Value)[], string, string, string, string> Spans => new()
    {
        { CallingBotActivity.CallbackSpan, [(CallingBotActivity.CallbackResultTag, "accepted"), (CallingBotActivity.NotificationCountTag, 1)], TimelineLanes.Caller, TimelineLanes.Callback, "notification", "notification: accepted" },
        { CallingBotActivity.CallDecisionSpan, [(CallingBotActivity.DecisionTag, "answer")], TimelineLanes.Callback, TimelineLanes.Handler, "decision", "route: answer" },
        { CallingBotActivity.CallEventSpan, [(CallingBotActivity.EventTag, "state"), (CallingBotActivity.StateTag, "Established")], TimelineLanes.Callback, TimelineLanes.Handler, "event", "state: Established" },
        { CallingBotActivity.CallVerbSpan, [(CallingBotActivity.VerbTag, "play-prompt")], TimelineLanes.Handler, TimelineLanes.Handler, "verb", "play-prompt" },
        { CallingBotActivity.CallVerbSpan, [(CallingBotActivity.VerbTag, "media")], TimelineLanes.Handler, TimelineLanes.Media, "verb", "media" },
        { CallingBotActivity.GraphRequestSpan, [(CallingBotActivity.OperationTag, "answer")], TimelineLanes.Handler, TimelineLanes.Graph, "request", "answer" },
    };

    [Theory]
    [MemberData(nameof(Spans))]
    public void Read_SpanOfACall_IsAnArrowBetweenItsLanes(string name, (string Tag, object Value)[] tags, string from, string to, string kind, string label)
    {
        using var span = _source.StartActivity(name)!;
        span.SetTag(CallingBotActivity.CallIdTag, "call-1");
        foreach (var (tag, value) in tags)
        {
            span.SetTag(tag, value);
        }

        span.Stop();

        var (callId, observation) = Assert.Single(TimelineSpanReader.Read(span));
        Assert.Equal("call-1", callId);
        Assert.Equal((from, to, kind, label), (observation.From, observation.To, observation.Kind, observation.Label));
        Assert.False(observation.Failed);
    }

    [Fact]
    public void Read_CallbackNamingSeveralCalls_GivesEachCallTheArrow()
    {
        using var span = _source.StartActivity(CallingBotActivity.CallbackSpan)!;
        span.SetTag(CallingBotActivity.CallIdsTag, new[] { "a", "b", "a" });
        span.Stop();

        Assert.Equal(["a", "b"], TimelineSpanReader.Read(span).Select(r => r.CallId));
    }

    [Fact]
    public void Read_FailedRequest_CarriesItsErrorType()
    {
        using var span = _source.StartActivity(CallingBotActivity.GraphRequestSpan)!;
        span.SetTag(CallingBotActivity.CallIdTag, "c");
        span.SetTag(CallingBotActivity.OperationTag, "playPrompt");
        CallingBotActivity.SetError(span, "NotFound");
        span.Stop();

        var observation = Assert.Single(TimelineSpanReader.Read(span)).Observation;
        Assert.True(observation.Failed);
        Assert.Equal("NotFound", observation.Error);
    }

    [Fact]
    public void Read_RemovedEvent_EndsTheCall()
    {
        using var span = _source.StartActivity(CallingBotActivity.CallEventSpan)!;
        span.SetTag(CallingBotActivity.CallIdTag, "c");
        span.SetTag(CallingBotActivity.EventTag, "removed");
        span.Stop();

        Assert.True(Assert.Single(TimelineSpanReader.Read(span)).Observation.Ends);
    }

    [Fact]
    public void Read_SpanWithoutCallOrOfAnotherSource_SaysNothing()
    {
        using var withoutCall = _source.StartActivity(CallingBotActivity.GraphRequestSpan)!;
        withoutCall.Stop();
        using var other = new Activity(CallingBotActivity.GraphRequestSpan).Start();
        other.SetTag(CallingBotActivity.CallIdTag, "c");
        other.Stop();

        Assert.Empty(TimelineSpanReader.Read(withoutCall));
        Assert.Empty(TimelineSpanReader.Read(other));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }
}
