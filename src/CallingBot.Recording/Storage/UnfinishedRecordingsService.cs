using CallingBot.Recording.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Storage;

/// <summary>
/// At start, finalizes in the background the recordings a killed process left unfinished in the file-system storage
/// (<see cref="UnfinishedRecordings"/>). Other storages are left to their owner.
/// </summary>
internal sealed partial class UnfinishedRecordingsService(IRecordingStorage storage, TimeProvider time, ILoggerFactory loggers) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _run = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage is FileSystemRecordingStorage files)
        {
            var finalizer = new UnfinishedRecordings(files, time, loggers.CreateLogger<UnfinishedRecordings>());
            var logger = loggers.CreateLogger<UnfinishedRecordingsService>();
            var stopping = _stopping.Token;
            _run = Task.Run(() => Run(finalizer, logger, stopping), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private static void Run(UnfinishedRecordings finalizer, ILogger logger, CancellationToken stopping)
    {
        try
        {
            finalizer.FinalizeAll(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.Failed(logger, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = RecordingEventIds.UnfinishedRecordingsFailed, EventName = nameof(RecordingEventIds.UnfinishedRecordingsFailed), Level = LogLevel.Error, Message = "Finalizing the recordings left unfinished by a stopped process failed; the files stay as they are and the next start tries again")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
