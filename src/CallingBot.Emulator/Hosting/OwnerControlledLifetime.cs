using Microsoft.Extensions.Hosting;

namespace CallingBot.Emulator.Hosting;

/// <summary>A host lifetime that ignores process signals: the emulator's owner decides when it stops.</summary>
internal sealed class OwnerControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
