using System.Collections.Concurrent;
using System.Diagnostics;

namespace CallingBot.Testing;

/// <summary>
/// Records every span of one <see cref="ActivitySource"/> that stops while the recorder lives (all sampled and
/// recorded; no exporter). Listeners are process-wide: tests running in parallel add their spans too, so select the
/// test's own by a tag only it uses, such as its call id.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public SpanRecorder(string sourceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => _stopped.ToArray();

    /// <summary>The stopped spans named <paramref name="name"/> whose tag <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public IReadOnlyList<Activity> Find(string name, string tag, string value) =>
        _stopped.Where(a => a.OperationName == name && string.Equals(a.GetTagItem(tag) as string, value, StringComparison.OrdinalIgnoreCase)).ToArray();

    public void Dispose() => _listener.Dispose();
}
