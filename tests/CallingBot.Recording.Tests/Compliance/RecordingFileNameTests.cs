using System.Text;
using System.Text.Json;
using CallingBot.Media.Wav;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using CallingBot.Recording.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Recording.Tests.Compliance;

/// <summary>
/// File names derived from call and participant ids: collision-free, bounded in length, made of safe characters,
/// mapped back to the full ids by the metadata; and a bounded number of participant files.
/// </summary>
public sealed class RecordingFileNameTests
{
    private const int BytesPerFrame = 640;

    [Fact]
    public async Task Process_IdsDifferingOnlyInPunctuation_TwoParticipantFilesEachWithItsOwnAudio()
    {
        using var directory = new TemporaryDirectory();
        await using var recorder = NewRecorder(directory, "call-1");
        Feed(recorder, ("a.b", 100), ("a_b", 200));

        var metadata = await recorder.StopAsync();

        Assert.Equal("completed", metadata.Status);
        var participants = metadata.Files.Where(f => f.Kind == "participant").ToArray();
        Assert.Equal(["a.b", "a_b"], participants.Select(f => f.ParticipantId));
        Assert.NotEqual(participants[0].Name, participants[1].Name);
        Assert.Equal(100, FirstSample(directory, participants[0].Name));
        Assert.Equal(200, FirstSample(directory, participants[1].Name));
        Assert.Equal(300, FirstSample(directory, metadata.Files.Single(f => f.Kind == "mixed").Name));
    }

    [Fact]
    public async Task Process_ParticipantIdOf300Bytes_RecordedUnderABoundedName()
    {
        using var directory = new TemporaryDirectory();
        var id = new string('é', 150);
        Assert.Equal(300, Encoding.UTF8.GetByteCount(id));
        await using var recorder = NewRecorder(directory, "call-1");
        Feed(recorder, (id, 100));

        var metadata = await recorder.StopAsync();

        Assert.Equal("completed", metadata.Status);
        var file = Assert.Single(metadata.Files, f => f.Kind == "participant");
        Assert.Equal(id, file.ParticipantId);
        Assert.True(file.Committed);
        AssertSafeName(file.Name);
        Assert.Equal(100, FirstSample(directory, file.Name));
    }

    [Fact]
    public async Task Stop_CallIdOf5000Characters_CommitsCompleteFilesAndMetadataWithTheFullId()
    {
        using var directory = new TemporaryDirectory();
        var callId = string.Concat(Enumerable.Repeat("0123456789", 500));
        await using var recorder = NewRecorder(directory, callId);
        Feed(recorder, ("p-alice", 100));

        var metadata = await recorder.StopAsync();

        Assert.Equal("completed", metadata.Status);
        Assert.Equal(callId, metadata.CallId);
        AssertSafeName(recorder.MetadataName);
        var stored = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(directory.Path, recorder.MetadataName)), RecordingMetadataJson.Default.RecordingMetadata)!;
        Assert.Equal(callId, stored.CallId);
        Assert.Equal(2, metadata.Files.Count);
        foreach (var file in metadata.Files)
        {
            AssertSafeName(file.Name);
            Assert.True(file.Committed);
            Assert.Equal(BytesPerFrame, file.AudioBytes);
            using var reader = WavReader.Open(Path.Combine(directory.Path, file.Name));
            Assert.Equal(BytesPerFrame, reader.DataLength);
        }

        Assert.Empty(new FileSystemRecordingStorage(directory.Path).FindOrphans());
    }

    [Fact]
    public async Task Names_IdsWithControlCharacters_HoldOnlySafeCharacters()
    {
        using var directory = new TemporaryDirectory();
        await using var recorder = NewRecorder(directory, "call\r\n[05:00:00.000 ERR] x\u001b");
        Feed(recorder, ("p\r\nx\u2028y\u0085", 100), ("../../etc/passwd", 200));

        var metadata = await recorder.StopAsync();

        Assert.Equal("completed", metadata.Status);
        AssertSafeName(recorder.MetadataName);
        Assert.All(metadata.Files, f => AssertSafeName(f.Name));
        Assert.Equal(["p\r\nx\u2028y\u0085", "../../etc/passwd"], metadata.Files.Where(f => f.Kind == "participant").Select(f => f.ParticipantId));
        Assert.Equal(metadata.Files.Count + 1, Directory.GetFiles(directory.Path).Length);
    }

    [Fact]
    public async Task Process_3000ParticipantsWithCap64_64ParticipantFilesMixedHasEveryoneOverflowListedAndLoggedOnce()
    {
        using var directory = new TemporaryDirectory();
        var logger = new ListLogger<ComplianceRecorder>();
        var options = new ComplianceRecordingOptions { MaxParticipantTracks = 64 };
        await using var recorder = new ComplianceRecorder(new FileSystemRecordingStorage(directory.Path), "call-1", null, options, new FakeTimeProvider(TestTime.Start), logger);
        recorder.Start();
        var ids = Enumerable.Range(0, 3000).Select(i => $"participant-{i:D4}").ToArray();
        Feed(recorder, [.. ids.Select(id => (id, (short)1))]);

        var metadata = await recorder.StopAsync();

        Assert.Equal("completed", metadata.Status);
        Assert.Equal(ids.Take(64), metadata.Files.Where(f => f.Kind == "participant").Select(f => f.ParticipantId));
        Assert.Equal(65, metadata.Files.Count);
        Assert.Equal(ids.Skip(64), metadata.MixedOnlyParticipants);
        Assert.Equal(66, Directory.GetFiles(directory.Path).Length);
        Assert.Equal(3000, FirstSample(directory, metadata.Files.Single(f => f.Kind == "mixed").Name));
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("RecordingParticipantTracksFull", warning.EventId.Name);
        var stored = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(directory.Path, recorder.MetadataName)), RecordingMetadataJson.Default.RecordingMetadata)!;
        Assert.Equal(ids.Skip(64), stored.MixedOnlyParticipants);
    }

    [Fact]
    public async Task Retry_NewSegment_SeparatelyRecordedParticipantKeepsAFileOverflowStaysMixedOnly()
    {
        using var directory = new TemporaryDirectory();
        var storage = new FailingRecordingStorage(new FileSystemRecordingStorage(directory.Path));
        var time = new FakeTimeProvider(TestTime.Start);
        var options = new ComplianceRecordingOptions { MaxParticipantTracks = 1 };
        await using var recorder = new ComplianceRecorder(storage, "call-1", null, options, time, NullLogger<ComplianceRecorder>.Instance);
        recorder.Start();
        Feed(recorder, 0, ("alice", 1), ("bob", 2));
        await Eventually.UntilAsync(() => recorder.State == RecorderState.Recording, "the writer took the first frames");
        storage.FailWrites = true;
        time.Advance(TimeSpan.FromSeconds(1));
        Feed(recorder, 1, ("alice", 1));
        await Eventually.UntilAsync(() => recorder.State == RecorderState.Failed, "the flush after a second failed");
        storage.FailWrites = false;

        Assert.True(await recorder.RetryAsync());
        Feed(recorder, 2, ("alice", 1), ("bob", 2));
        var metadata = await recorder.StopAsync();

        var participantFiles = metadata.Files.Where(f => f.Kind == "participant").ToArray();
        Assert.All(participantFiles, f => Assert.Equal("alice", f.ParticipantId));
        Assert.Contains(participantFiles, f => f.Segment == 1 && f.Committed);
        Assert.Equal(["bob"], metadata.MixedOnlyParticipants);
    }

    private static ComplianceRecorder NewRecorder(TemporaryDirectory directory, string callId)
    {
        var recorder = new ComplianceRecorder(new FileSystemRecordingStorage(directory.Path), callId, "Test Policy", new ComplianceRecordingOptions(), new FakeTimeProvider(TestTime.Start), NullLogger<ComplianceRecorder>.Instance);
        recorder.Start();
        return recorder;
    }

    /// <summary>One 20 ms frame per participant, all in the first slot of the call.</summary>
    private static void Feed(ComplianceRecorder recorder, params (string ParticipantId, short Value)[] participants) => Feed(recorder, 0, participants);

    /// <summary>One 20 ms frame per participant, all in slot <paramref name="index"/>.</summary>
    private static void Feed(ComplianceRecorder recorder, int index, params (string ParticipantId, short Value)[] participants)
    {
        foreach (var (participantId, value) in participants)
        {
            using var frame = Frames.Make(index, participantId, value);
            recorder.Process(frame.AsView());
        }
    }

    private static short FirstSample(TemporaryDirectory directory, string name)
    {
        using var reader = WavReader.Open(Path.Combine(directory.Path, name));
        return BitConverter.ToInt16(reader.ReadToEnd(), 0);
    }

    /// <summary>ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c>; with the temporary suffix still within 255 bytes.</summary>
    private static void AssertSafeName(string name)
    {
        Assert.Matches("^[A-Za-z0-9_.-]+$", name);
        Assert.True(name.Length + FileSystemRecordingStorage.PartialSuffix.Length <= 255, $"'{name}' is {name.Length} characters long");
        Assert.DoesNotContain("..", name, StringComparison.Ordinal);
    }
}
