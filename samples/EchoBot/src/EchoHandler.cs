using CallingBot.Core.Handlers;
using CallingBot.Media.Processors;

namespace EchoBot;

/// <summary>
/// Echoes everything the caller says back to them, 20 ms frame by 20 ms frame, and listens for in-band DTMF keys in
/// the same audio. The pipeline belongs to the call: it is drained and disposed when the call ends.
/// </summary>
public sealed class EchoHandler(DetectedKeys keys) : CallHandler
{
    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var media = await call.GetMediaAsync(cancellationToken);
        var dtmf = new DtmfDetector(media.Format);
        var callId = call.CallId;
        dtmf.KeyDetected += (_, e) => keys.Add(callId, e.Key);
        media.Pipeline
            .Use(new EchoProcessor(media.Sender))
            .Use(dtmf)
            .Start();
    }
}
