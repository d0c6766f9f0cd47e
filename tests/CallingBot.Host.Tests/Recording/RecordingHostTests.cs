using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using CallingBot.AspNetCore;
using CallingBot.Core.Calls;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Media;
using CallingBot.Emulator.Timeline;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Upload;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Tests.Recording;

/// <summary>
/// Compliance recording as a setting of the service (<c>CallingBot:Recording:Enabled</c>, no code): policy-recording
/// invitations through the emulator answered by the recorder, audio streamed, files uploaded to Blob Storage (Azurite).
/// </summary>
public sealed class RecordingHostTests : IDisposable
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("callingbot-host-recordings-");

    [Fact]
    public async Task RecordingEnabledWithBlobStorage_PolicyInvitationStreamedAndHungUp_WavAndMetadataInTheContainerVerified()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var ordinary = new DelegateRouter(_ => CallDecision.Reject(RejectReason.Busy));
        await using var bot = await BotHost.StartAsync(ordinary, Settings(new()
        {
            ["CallingBot:Recording:ParticipantCapacity"] = "3",
            ["CallingBot:Recording:Storage"] = "AzureBlob",
            ["CallingBot:Recording:AzureBlob:ConnectionString"] = azurite.ConnectionString,
            ["CallingBot:Recording:AzureBlob:Container"] = "compliance",
            ["CallingBot:Recording:AzureBlob:BlobPrefix"] = "teams/",
        }));
        bot.Emulator.Control.Media.DefaultOptions = new CallMediaOptions { Unmixed = true, DefaultSource = MediaSourceSpec.Tone(440) };

        var callId = await bot.Emulator.Control.PlaceIncomingCallAsync(Invitation(bot.AppId));
        await bot.Emulator.Control.WaitForCallStateAsync(callId, "established");
        await bot.Emulator.Control.Media.WaitForMediaAsync(callId, s => s.FramesSent >= 50, "1 s of audio streamed");
        await bot.Emulator.Control.WaitForTimelineEntryAsync(callId, e => IsStatusUpdate(e, "recording"), "recording status reported");
        await bot.Emulator.Control.HangUpAsync(callId);
        var monitor = bot.Services.GetRequiredService<RecordingUploadMonitor>();
        await Eventually.UntilAsync(() => monitor.Current.Uploaded == 1, "the recording is uploaded and verified");

        var answer = Assert.Single(bot.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/answer", StringComparison.Ordinal));
        Assert.Contains("\"participantCapacity\":3", answer.Body!, StringComparison.Ordinal);
        Assert.Empty(ordinary.Seen);
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("compliance");
        var blobs = new Dictionary<string, (byte[] Content, byte[] Md5)>(StringComparer.Ordinal);
        await foreach (var item in container.GetBlobsAsync())
        {
            var blob = container.GetBlobClient(item.Name);
            blobs[item.Name] = ((await blob.DownloadContentAsync()).Value.Content.ToArray(), (await blob.GetPropertiesAsync()).Value.ContentHash);
        }

        var metadataBlob = Assert.Single(blobs, b => b.Key.EndsWith(".json", StringComparison.Ordinal));
        var metadata = JsonSerializer.Deserialize(metadataBlob.Value.Content, RecordingMetadataJson.Default.RecordingMetadata)!;
        Assert.Equal(callId, metadata.CallId);
        Assert.Equal("completed", metadata.Status);
        var folder = metadataBlob.Key[..(metadataBlob.Key.LastIndexOf('/') + 1)];
        Assert.StartsWith("teams/", folder, StringComparison.Ordinal);
        Assert.Equal(["mixed", "participant"], metadata.Files.Select(f => f.Kind).Order(StringComparer.Ordinal));
        Assert.Equal(metadata.Files.Count + 1, blobs.Count);
        foreach (var file in metadata.Files)
        {
            var (content, md5) = blobs[folder + file.Name];
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
            Assert.Equal(MD5Of(content), md5);
            Assert.True(file.AudioBytes >= 50 * 640, $"{file.Name} holds {file.AudioBytes} audio bytes");
            Assert.Equal(File.ReadAllBytes(Path.Combine(_directory.FullName, file.Name)), content);
        }

        Assert.Equal(MD5Of(metadataBlob.Value.Content), metadataBlob.Value.Md5);
        var health = await bot.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == "recording");
        Assert.Equal(HealthStatus.Healthy, health.Entries["recording"].Status);
        Assert.Equal(1L, health.Entries["recording"].Data["uploaded"]);
    }

    [Fact]
    public async Task RecordingEnabledWithBlobStorageDown_RecordingWaiting_HealthDegradedAndFilesKeptLocally()
    {
        // Storage that is not there: a loopback port nothing listens on (Azurite started and stopped).
        var azurite = await AzuriteServer.StartAsync();
        var connectionString = azurite.ConnectionString;
        await azurite.DisposeAsync();
        var baseName = "20261201T100000Z_call-waiting-0123456789ab";
        File.WriteAllBytes(Path.Combine(_directory.FullName, baseName + ".mixed.wav"), new byte[44 + 640]);
        var metadata = new RecordingMetadata("call-waiting", "Tag:Compliance", "completed", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [], [new RecordedFile(baseName + ".mixed.wav", "mixed", null, 0, 44 + 640, 640, null, Committed: true)], [], null);
        File.WriteAllBytes(Path.Combine(_directory.FullName, baseName + ".json"), JsonSerializer.SerializeToUtf8Bytes(metadata, RecordingMetadataJson.Default.RecordingMetadata));
        await using var bot = await BotHost.StartAsync(settings: Settings(new()
        {
            ["CallingBot:Recording:Storage"] = "AzureBlob",
            ["CallingBot:Recording:AzureBlob:ConnectionString"] = connectionString,
            ["CallingBot:Recording:Retention:KeepLocalDays"] = "0",
        }));
        var monitor = bot.Services.GetRequiredService<RecordingUploadMonitor>();
        await Eventually.UntilAsync(() => monitor.Current.FailedAttempts >= 1, "the upload attempt fails");

        var health = await bot.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == "recording");
        var entry = health.Entries["recording"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(1, entry.Data["pending"]);
        Assert.StartsWith("RequestFailedException", (string)entry.Data["lastError"], StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", (string)entry.Data["lastError"], StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(Path.Combine(_directory.FullName, baseName + ".mixed.wav")), "the waiting recording is kept");
        Assert.True(File.Exists(Path.Combine(_directory.FullName, baseName + ".json")), "its metadata is kept");
        var ready = await bot.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"));
        Assert.DoesNotContain("recording", ready.Entries.Keys);
    }

    [Fact]
    public async Task RecordingEnabled_OrdinaryCall_GoesToTheApplicationsRouter()
    {
        var ordinary = new DelegateRouter(_ => CallDecision.Reject(RejectReason.Busy));
        await using var bot = await BotHost.StartAsync(ordinary, Settings([]));

        var callId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        await bot.Emulator.Control.WaitForCallStateAsync(callId, "terminated");

        Assert.Single(ordinary.Seen);
        Assert.Contains(bot.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/reject", StringComparison.Ordinal) && e.Body!.Contains("busy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RecordingOnly_OrdinaryCall_RejectedWithoutAskingTheApplicationsRouter()
    {
        var ordinary = new DelegateRouter(_ => CallDecision.Reject(RejectReason.Busy));
        await using var bot = await BotHost.StartAsync(ordinary, Settings(new() { ["CallingBot:Recording:OrdinaryCalls"] = "Decline" }));

        var callId = await bot.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        await bot.Emulator.Control.WaitForCallStateAsync(callId, "terminated");

        Assert.Empty(ordinary.Seen);
        Assert.Contains(bot.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/reject", StringComparison.Ordinal) && e.Body!.Contains("forbidden", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RecordingEnabled_InvitationOfAPolicyNotServed_RejectedForbidden()
    {
        await using var bot = await BotHost.StartAsync(settings: Settings(new() { ["CallingBot:Recording:PolicyIdentifiers:0"] = "Tag:Sales" }));

        var callId = await bot.Emulator.Control.PlaceIncomingCallAsync(Invitation(bot.AppId));
        await bot.Emulator.Control.WaitForCallStateAsync(callId, "terminated");

        var timeline = bot.Emulator.Control.GetTimeline(callId);
        Assert.Contains(timeline, e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/reject", StringComparison.Ordinal) && e.Body!.Contains("forbidden", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(timeline, e => e.Path?.EndsWith("/answer", StringComparison.Ordinal) == true);
        Assert.Empty(_directory.GetFiles());
    }

    [Fact]
    public async Task RecordingEnabled_BlobStorageWithoutConnection_StartFailsNamingTheSetting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(settings: Settings(new() { ["CallingBot:Recording:Storage"] = "AzureBlob" })));

        Assert.Contains(failure.Failures, f => f.StartsWith("CallingBot:Recording:AzureBlob:ConnectionString or CallingBot:Recording:AzureBlob:AccountUrl is required", StringComparison.Ordinal));
    }

    [Fact]
    public void RecordingEnabled_RouterPickedAfterAddCallingBot_StillBehindTheRecordingRouter()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(Settings([]));
        var ordinary = new DelegateRouter(_ => CallDecision.Reject(RejectReason.Busy));

        builder.AddCallingBot().UseRouter(ordinary);
        using var services = builder.Services.BuildServiceProvider();

        Assert.IsType<ComplianceRecordingRouter>(services.GetRequiredService<IIncomingCallRouter>());
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IIncomingCallRouter));
    }

    [Fact]
    public void RecordingNotEnabled_ApplicationsRouterAndNoRecordingServices()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["CallingBot:Mode"] = "Local" });
        var ordinary = new DelegateRouter(_ => CallDecision.Reject(RejectReason.Busy));

        builder.AddCallingBot(bot => bot.UseRouter(ordinary));
        using var services = builder.Services.BuildServiceProvider();

        Assert.Same(ordinary, services.GetRequiredService<IIncomingCallRouter>());
        Assert.Null(services.GetService<ComplianceRecordingHandlerFactory>());
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private Dictionary<string, string?> Settings(Dictionary<string, string?> more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CallingBot:Mode"] = "Local",
            ["CallingBot:Recording:Enabled"] = "true",
            ["CallingBot:Recording:Directory"] = _directory.FullName,
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static IncomingCallRequest Invitation(string appId) =>
        new() { AppId = appId, FromUserId = AliceId, PolicyRecording = true, PolicyGroupId = "group-1" };

    private static bool IsStatusUpdate(TimelineEntry entry, string status) =>
        entry.Kind == TimelineEntryKind.Request
        && entry.Path!.EndsWith("/updateRecordingStatus", StringComparison.Ordinal)
        && entry.Body!.Contains($"\"{status}\"", StringComparison.OrdinalIgnoreCase);

#pragma warning disable CA5351 // The Content-MD5 Blob Storage keeps, recomputed from the content.
    private static byte[] MD5Of(byte[] content) => MD5.HashData(content);
#pragma warning restore CA5351
}
