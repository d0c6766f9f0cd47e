using System.Collections.Concurrent;

namespace CallingBot.Emulator.Directory;

/// <summary>The simulated directory: users, phone numbers, application instances and meetings.</summary>
internal sealed class DirectoryService
{
    private readonly ConcurrentDictionary<string, EmulatedUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, EmulatedPstnNumber> _numbers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmulatedApplicationInstance> _instances = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, EmulatedMeeting> _meetings = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public DirectoryService(EmulatorOptions options)
    {
        foreach (var user in options.Users)
        {
            AddUser(user);
        }

        foreach (var number in options.PstnNumbers)
        {
            AddPstnNumber(number);
        }

        foreach (var instance in options.ApplicationInstances)
        {
            AddApplicationInstance(instance);
        }

        foreach (var meeting in options.Meetings)
        {
            AddMeeting(meeting);
        }
    }

    public void AddUser(EmulatedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        Add(_users, user.Id, user, user.Validate(), "users");
    }

    public void AddPstnNumber(EmulatedPstnNumber number)
    {
        ArgumentNullException.ThrowIfNull(number);
        Add(_numbers, number.Number, number, number.Validate(), "phone numbers");
    }

    public void AddApplicationInstance(EmulatedApplicationInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        Add(_instances, instance.Id, instance, instance.Validate(), "application instances");
    }

    public void AddMeeting(EmulatedMeeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        Add(_meetings, meeting.ThreadId, meeting, meeting.Validate(), "meetings");
    }

    /// <summary>Adds or replaces an entry; a new one only while the kind holds fewer than <see cref="EmulatorLimits.MaxDirectoryEntries"/>.</summary>
    private void Add<T>(ConcurrentDictionary<string, T> entries, string key, T entry, IEnumerable<string> problems, string kind)
    {
        if (problems.FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        lock (_gate)
        {
            if (!entries.ContainsKey(key) && entries.Count >= EmulatorLimits.MaxDirectoryEntries)
            {
                throw new InvalidOperationException($"The directory already holds {EmulatorLimits.MaxDirectoryEntries} {kind}; no more are accepted.");
            }

            entries[key] = entry;
        }
    }

    public EmulatedUser? FindUser(string id) => _users.GetValueOrDefault(id);

    public EmulatedPstnNumber? FindNumber(string number) => _numbers.GetValueOrDefault(number);

    public EmulatedApplicationInstance? FindApplicationInstance(string id) => _instances.GetValueOrDefault(id);

    public EmulatedMeeting? FindMeetingByThread(string threadId) => _meetings.GetValueOrDefault(threadId);

    public EmulatedMeeting? FindMeetingByJoinId(string joinMeetingId) =>
        _meetings.Values.FirstOrDefault(m => string.Equals(m.JoinMeetingId, joinMeetingId, StringComparison.Ordinal));

    public IReadOnlyList<EmulatedUser> Users => [.. _users.Values];

    public IReadOnlyList<EmulatedPstnNumber> PstnNumbers => [.. _numbers.Values];

    public IReadOnlyList<EmulatedMeeting> Meetings => [.. _meetings.Values];
}
