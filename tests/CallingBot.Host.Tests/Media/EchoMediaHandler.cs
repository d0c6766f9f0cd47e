using CallingBot.Core.Handlers;
using CallingBot.Core.Media;
using CallingBot.Media.Processors;

namespace CallingBot.Host.Tests.Media;

/// <summary>Echoes an app-hosted call's audio back and exposes the call's media.</summary>
public sealed class EchoMediaHandler : CallHandler
{
    public TaskCompletionSource<ICallMedia> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        var media = await call.GetMediaAsync(cancellationToken);
        media.Pipeline.Use(new EchoProcessor(media.Sender)).Start();
        Connected.TrySetResult(media);
    }
}
