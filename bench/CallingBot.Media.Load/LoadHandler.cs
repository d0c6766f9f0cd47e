using System.Collections.Concurrent;
using CallingBot.Core.Handlers;
using CallingBot.Core.Media;
using CallingBot.Media.Bench;
using CallingBot.Media.Processors;
using CallingBot.Media.Wav;

namespace CallingBot.Media.Load;

/// <summary>What each load call runs: echo, in-band DTMF detection and WAV recording (to a null stream).</summary>
internal sealed class LoadHandler(ConcurrentDictionary<string, ICallMedia> connected) : CallHandler
{
    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        var media = await call.GetMediaAsync(cancellationToken);
        media.Pipeline
            .Use(new EchoProcessor(media.Sender))
            .Use(new DtmfDetector(media.Format))
            .Use(new WavRecorder(new WavWriter(new DiscardStream(), media.Format), media.Format))
            .Start();
        connected[call.CallId] = media;
    }
}
