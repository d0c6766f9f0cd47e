using System.Collections.Concurrent;

namespace CallingBot.Emulator.Directory;

/// <summary>The simulated directory: users, phone numbers, application instances and meetings.</summary>
internal sealed class DirectoryService
{
    private readonly ConcurrentDictionary<string, EmulatedUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, EmulatedPstnNumber> _numbers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmulatedApplicationInstance> _instances = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, EmulatedMeeting> _meetings = new(StringComparer.OrdinalIgnoreCase);

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
        ArgumentException.ThrowIfNullOrWhiteSpace(user.Id);
        _users[user.Id] = user;
    }

    public void AddPstnNumber(EmulatedPstnNumber number)
    {
        if (!PhoneNumbers.IsE164(number.Number))
        {
            throw new ArgumentException($"'{number.Number}' is not an E.164 phone number.", nameof(number));
        }

        _numbers[number.Number] = number;
    }

    public void AddApplicationInstance(EmulatedApplicationInstance instance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instance.Id);
        _instances[instance.Id] = instance;
    }

    public void AddMeeting(EmulatedMeeting meeting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(meeting.ThreadId);
        _meetings[meeting.ThreadId] = meeting;
    }

    public EmulatedUser? FindUser(string id) => _users.GetValueOrDefault(id);

    public EmulatedPstnNumber? FindNumber(string number) => _numbers.GetValueOrDefault(number);

    public EmulatedApplicationInstance? FindApplicationInstance(string id) => _instances.GetValueOrDefault(id);

    public EmulatedMeeting? FindMeetingByThread(string threadId) => _meetings.GetValueOrDefault(threadId);

    public EmulatedMeeting? FindMeetingByJoinId(string joinMeetingId) =>
        _meetings.Values.FirstOrDefault(m => string.Equals(m.JoinMeetingId, joinMeetingId, StringComparison.Ordinal));

    public IReadOnlyList<EmulatedUser> Users => [.. _users.Values];

    public IReadOnlyList<EmulatedMeeting> Meetings => [.. _meetings.Values];
}
