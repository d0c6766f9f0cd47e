using System.Security.Cryptography;
using System.Text.Json;
using CallingBot.AspNetCore.Testing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Media;
using CallingBot.Emulator.Timeline;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceRecorder.Tests;

/// <summary>
/// The compliance recorder end to end: the emulator invites the bot for policy-based recording, streams each
/// participant's audio (unmixed, 16 kHz mono 16-bit, 20 ms = 640 bytes), and the bot records, reports and reacts.
/// </summary>
public sealed class ComplianceRecorderTests : IDisposable
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string BobId = "98da8a1a-1b87-452c-a713-65d3f10b5555";
    private const string CarolId = "3c5f1a2b-9d4e-4f60-8a71-0b2c3d4e5f60";
    private string _appId = string.Empty;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "compliancerecorder-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task PolicyRecordingCall_AudioFlowsThenCallerHangsUp_CommitsWavFilesAndMetadata()
    {
        await using var bot = await StartAsync(storage: null, capacity: 2);
        var callId = await bot.Control.PlaceIncomingCallAsync(Invite(AliceId));

        await bot.Control.WaitForCallStateAsync(callId, "established");
        await bot.Control.Media.WaitForMediaAsync(callId, s => s.FramesSent >= 50, "1 s of audio streamed");
        await bot.Control.WaitForTimelineEntryAsync(callId, e => IsStatusUpdate(e, "recording"), "recording status reported");
        await bot.Control.HangUpAsync(callId);
        var metadata = await ReadMetadataAsync();

        var answer = Assert.Single(bot.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/answer", StringComparison.Ordinal));
        Assert.Contains("appHostedMediaConfig", answer.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"participantCapacity\":2", answer.Body!, StringComparison.Ordinal);
        Assert.Equal("completed", metadata.Status);
        Assert.Equal(callId, metadata.CallId);
        Assert.Equal("Emulated Recording Policy", metadata.PolicyIdentifier);
        var alice = Assert.Single(metadata.Participants);
        Assert.Equal($"user:{AliceId}", alice.Identity, ignoreCase: true);
        Assert.Equal(["mixed", "participant"], metadata.Files.Select(f => f.Kind).Order(StringComparer.Ordinal));
        foreach (var file in metadata.Files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_directory, file.Name));
            Assert.True(file.Committed);
            Assert.Equal(bytes.Length, file.Bytes);
            Assert.True(file.AudioBytes >= 50 * 640, $"{file.Name} holds {file.AudioBytes} audio bytes");
            Assert.Equal(0, file.AudioBytes % 640);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        }

        Assert.Empty(Directory.GetFiles(_directory, "*" + FileSystemRecordingStorage.PartialSuffix));
    }

    [Fact]
    public async Task PolicyGroupParticipant_CapacityReached_RejectedAndAnotherInstanceInvited()
    {
        await using var bot = await StartAsync(storage: null, capacity: 2);
        var callId = await bot.Control.PlaceIncomingCallAsync(Invite(AliceId));
        await bot.Control.WaitForCallStateAsync(callId, "established");

        var bob = await bot.Control.JoinPolicyGroupParticipantAsync(callId, BobId, "Bob");
        await bot.Control.WaitForCallAsync(callId, c => c.Participants.Any(p => p.Id == bob), "Bob accepted into the call");
        await bot.Control.JoinPolicyGroupParticipantAsync(callId, CarolId, "Carol");
        var other = await bot.Control.WaitForAnyCallAsync(c => c.Id != callId && c.State == "established", "another bot instance answers for Carol");

        var responses = bot.Control.GetTimeline(callId)
            .Where(e => e.Kind == TimelineEntryKind.Notification && e.Description!.Contains("participantJoiningNotification", StringComparison.Ordinal))
            .Select(e => e.ResponseBody)
            .ToArray();
        Assert.Equal(2, responses.Length);
        Assert.Contains("acceptJoinResponse", responses[0]!, StringComparison.Ordinal);
        Assert.Contains("rejectJoinResponse", responses[1]!, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Control.GetCall(callId)!.Participants, p => string.Equals(p.IdentityId, CarolId, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(other.Participants, p => string.Equals(p.IdentityId, CarolId, StringComparison.OrdinalIgnoreCase));

        // Both recordings end with their calls before the host stops, so nothing writes while the directory is removed.
        await bot.Control.HangUpAsync(callId);
        await bot.Control.HangUpAsync(other.Id);
        await WaitForCommittedRecordingsAsync(2);
    }

    [Fact]
    public async Task StorageDenied_HangUpPolicy_ReportsFailedAndLeavesTheCall()
    {
        await using var bot = await StartAsync(new DenyingRecordingStorage(), capacity: 2);
        var callId = await bot.Control.PlaceIncomingCallAsync(Invite(AliceId));

        await bot.Control.WaitForTimelineEntryAsync(callId, e => IsStatusUpdate(e, "failed"), "failed status reported");
        await bot.Control.WaitForCallStateAsync(callId, "terminated");

        var timeline = bot.Control.GetTimeline(callId);
        Assert.DoesNotContain(timeline, e => IsStatusUpdate(e, "recording"));
        Assert.Contains(timeline, e => e.Kind == TimelineEntryKind.Request && e.Method == "DELETE");
    }

    [Fact]
    public async Task PolicyGroupParticipant_JoinsAndLeaves_MetadataHasTheirTimes()
    {
        await using var bot = await StartAsync(storage: null, capacity: 3);
        var callId = await bot.Control.PlaceIncomingCallAsync(Invite(AliceId));
        await bot.Control.WaitForCallStateAsync(callId, "established");
        await bot.Control.WaitForTimelineEntryAsync(callId, e => IsStatusUpdate(e, "recording"), "recording status reported");

        var bob = await bot.Control.JoinPolicyGroupParticipantAsync(callId, BobId, "Bob");
        await bot.Control.WaitForCallAsync(callId, c => c.Participants.Any(p => p.Id == bob), "Bob joins");
        await Eventually.UntilAsync(() => bot.Manager.FindCall(callId)?.Participants.Any(p => p.Id == bob) == true, "the bot sees Bob");
        await bot.Control.LeaveParticipantAsync(callId, bob);
        await Eventually.UntilAsync(() => bot.Manager.FindCall(callId)?.Participants.All(p => p.Id != bob) == true, "the bot sees Bob leave");
        await bot.Control.HangUpAsync(callId);
        var metadata = await ReadMetadataAsync();

        var recordedBob = Assert.Single(metadata.Participants, p => p.Id == bob);
        Assert.Equal($"user:{BobId}", recordedBob.Identity, ignoreCase: true);
        Assert.NotNull(recordedBob.LeftAt);
        Assert.True(recordedBob.JoinedAt <= recordedBob.LeftAt);
        Assert.True(recordedBob.LeftAt < metadata.EndedAt || recordedBob.LeftAt == metadata.EndedAt);
        var alice = Assert.Single(metadata.Participants, p => p.Id != bob);
        Assert.Equal(metadata.EndedAt, alice.LeftAt);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static bool IsStatusUpdate(TimelineEntry entry, string status) =>
        entry.Kind == TimelineEntryKind.Request
        && entry.Path!.EndsWith("/updateRecordingStatus", StringComparison.Ordinal)
        && entry.Body!.Contains($"\"{status}\"", StringComparison.OrdinalIgnoreCase);

    private IncomingCallRequest Invite(string userId) =>
        new() { AppId = _appId, FromUserId = userId, PolicyRecording = true, PolicyGroupId = "group-1" };

    /// <summary>
    /// The host configured as the sample's appsettings.json configures it (recording enabled, recording only), storage in
    /// the directory unless given.
    /// </summary>
    private async Task<CallingBotTestHost> StartAsync(IRecordingStorage? storage, int capacity)
    {
        var bot = await CallingBotTestHost.StartAsync(configure: builder =>
        {
            builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CallingBot:Recording:Directory"] = _directory,
                ["CallingBot:Recording:ParticipantCapacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            if (storage is not null)
            {
                builder.Services.AddSingleton(storage);
            }
        });
        bot.Control.Media.DefaultOptions = new CallMediaOptions { Unmixed = true, DefaultSource = MediaSourceSpec.Tone(440) };
        _appId = bot.AppId;
        return bot;
    }

    private async Task<RecordingMetadata> ReadMetadataAsync()
    {
        var path = await Eventually.UntilAsync(() => Directory.Exists(_directory) ? Directory.GetFiles(_directory, "*.json").SingleOrDefault() : null, "metadata committed");
        return JsonSerializer.Deserialize(File.ReadAllText(path), RecordingMetadataJson.Default.RecordingMetadata)!;
    }

    private Task WaitForCommittedRecordingsAsync(int count) =>
        Eventually.UntilAsync(() => Directory.Exists(_directory) && Directory.GetFiles(_directory, "*.json").Length == count, $"{count} recordings committed");
}
