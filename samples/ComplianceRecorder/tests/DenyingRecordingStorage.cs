using CallingBot.Recording.Storage;

namespace ComplianceRecorder.Tests;

/// <summary>A storage whose directory refuses access, like a share whose permissions were changed.</summary>
public sealed class DenyingRecordingStorage : IRecordingStorage
{
    public IRecordingFile Create(string name) => throw new UnauthorizedAccessException($"Access to the path '{name}' is denied.");

    public IReadOnlyList<string> FindOrphans() => [];
}
