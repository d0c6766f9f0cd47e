using CallingBot.Core.Handlers;
using CallingBot.Media.Processors;
using CallingBot.Media.Wav;

namespace RecorderBot;

/// <summary>
/// Records the call's audio (all participants, mixed on the media timeline) into <c>{callId}.wav</c> and announces it
/// with a beep. The recorder is a pipeline processor: the call disposes the pipeline when it ends, which closes the
/// file with its final sizes.
/// </summary>
public sealed class RecorderHandler(RecorderOptions options) : CallHandler
{
    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var media = await call.GetMediaAsync(cancellationToken);
        System.IO.Directory.CreateDirectory(options.Directory);
        var recorder = new WavRecorder(WavWriter.Create(options.PathFor(call.CallId), media.Format), media.Format);
        media.Pipeline.Use(recorder).Start();
        if (options.Beep > TimeSpan.Zero)
        {
            await media.Sender.PlayAsync(TonePlayer.Sine(1000, options.Beep, levelDbfs: -12), cancellationToken);
        }
    }
}
