namespace CallingBot.Emulator.Softphone;

/// <summary>
/// The prompt directories in force: those of <see cref="SoftphoneOptions.PromptDirectories"/> at start, replaced at run
/// time through <see cref="Control.EmulatorControl.PromptDirectories"/> (<c>PUT /emulator/softphone/promptDirectories</c>),
/// so a bot's local mode, which starts the emulator itself, can still map its prompts. Thread-safe: readers see one
/// whole list.
/// </summary>
internal sealed class PromptDirectoryList(IEnumerable<PromptDirectory> initial)
{
    private volatile PromptDirectory[] _entries = [.. initial.Select(Copy)];

    public IReadOnlyList<PromptDirectory> Current => _entries;

    /// <summary>Replaces the list; <see cref="ArgumentException"/> naming the first bad entry, and nothing changes.</summary>
    public void Replace(IReadOnlyList<PromptDirectory?>? entries)
    {
        if (SoftphoneOptions.ValidateDirectories(entries, "promptDirectories").FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        _entries = [.. entries!.Select(e => Copy(e!))];
    }

    private static PromptDirectory Copy(PromptDirectory entry) => new() { UriPrefix = entry.UriPrefix, Directory = entry.Directory };
}
