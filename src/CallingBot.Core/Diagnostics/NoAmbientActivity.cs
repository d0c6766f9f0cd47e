using System.Diagnostics;

namespace CallingBot.Core.Diagnostics;

/// <summary>
/// Clears <see cref="Activity.Current"/> (and a parent set by <see cref="CallingBotActivity.WithCallWorkParent"/>)
/// until disposed, so a loop or timer started meanwhile does not capture the caller's span as the parent of everything
/// it will ever do. Work that belongs to a span carries its parent itself.
/// </summary>
internal readonly ref struct NoAmbientActivity
{
    private readonly Activity? _ambient;
    private readonly ActivityContext _callWorkParent;

    private NoAmbientActivity(Activity? ambient, ActivityContext callWorkParent)
    {
        _ambient = ambient;
        _callWorkParent = callWorkParent;
    }

    public static NoAmbientActivity Begin()
    {
        var ambient = Activity.Current;
        Activity.Current = null;
        return new NoAmbientActivity(ambient, CallingBotActivity.ClearCallWorkParent());
    }

    public void Dispose()
    {
        Activity.Current = _ambient;
        CallingBotActivity.RestoreCallWorkParent(_callWorkParent);
    }
}
