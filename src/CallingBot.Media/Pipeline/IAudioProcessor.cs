using CallingBot.Media.Audio;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// One step of a call's inbound audio chain. <see cref="Process"/> is synchronous on purpose: per-frame
/// work (detection, level metering, copying into a file buffer) takes microseconds, an awaited call per
/// frame would cost a state machine and reordering hazards for nothing, and the pipeline already runs
/// processors on their own loop behind a bounded queue, so a slow one delays only its own call's media
/// and never the socket. A processor that needs real I/O per frame (a speech service, a remote store)
/// should copy what it needs into its own bounded channel and do the I/O elsewhere.
/// </summary>
/// <remarks>
/// <para>Every processor of the chain sees the same pooled frame, so each gets a read-only <see cref="AudioFrameView"/>
/// of it: nothing a processor does can change what the next one reads. The view is only borrowed for the duration
/// of the call: to keep the frame, call <see cref="AudioFrameView.Retain"/> and dispose the result later; to keep
/// the samples in a frame of your own (to send them, for example), <see cref="AudioFrameView.CopyTo"/> a frame
/// rented from a pool. Processors run one frame at a time, in the order they were added, on the pipeline's consumer
/// loop; events they raise run there too.</para>
/// <para>The pipeline owns the processors added to it. When it is disposed it first lets them handle every frame
/// still queued, then disposes each one that implements <see cref="IAsyncDisposable"/> (preferred) or
/// <see cref="IDisposable"/> exactly once, awaiting asynchronous disposal on the disposing caller, never on the
/// media loop. So a processor finishes its work in its disposal (a recorder closes and commits its files there),
/// and whoever added it must not dispose it. A pipeline disposed without being started releases its queued frames
/// unprocessed and still disposes its processors.</para>
/// </remarks>
public interface IAudioProcessor
{
    void Process(AudioFrameView frame);
}
