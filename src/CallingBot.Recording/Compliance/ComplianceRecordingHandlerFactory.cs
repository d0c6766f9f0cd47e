using CallingBot.Recording.Diagnostics;
using CallingBot.Recording.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Recording.Compliance;

/// <summary>
/// Creates a <see cref="ComplianceRecordingHandler"/> per policy-recording call from the registered storage and the
/// <c>CallingBot:Recording</c> options. Registered by <see cref="ComplianceRecordingServiceCollectionExtensions.AddComplianceRecording"/>.
/// </summary>
public sealed class ComplianceRecordingHandlerFactory(IRecordingStorage storage, IOptions<ComplianceRecordingOptions> options, TimeProvider time, ILoggerFactory loggers, RecordingMetrics? metrics = null)
{
    /// <summary>Recorded participants one call instance accepts: the <c>participantCapacity</c> to answer with.</summary>
    public int ParticipantCapacity => options.Value.ParticipantCapacity;

    public ComplianceRecordingHandler CreateHandler() => new(storage, options.Value, time, loggers, metrics);
}
