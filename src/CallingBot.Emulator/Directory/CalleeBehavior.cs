namespace CallingBot.Emulator.Directory;

/// <summary>How a simulated user or phone reacts to being called.</summary>
public sealed class CalleeBehavior
{
    public CalleeResponse Response { get; set; } = CalleeResponse.Answer;

    /// <summary>Ringing time before the response. Default zero (immediate).</summary>
    public TimeSpan Delay { get; set; }

    public static CalleeBehavior AnswerAfter(TimeSpan delay) => new() { Response = CalleeResponse.Answer, Delay = delay };

    public static CalleeBehavior Declines(TimeSpan delay = default) => new() { Response = CalleeResponse.Decline, Delay = delay };

    public static CalleeBehavior IsBusy() => new() { Response = CalleeResponse.Busy };

    public static CalleeBehavior NeverAnswers() => new() { Response = CalleeResponse.NoAnswer };

    /// <summary>Rings on the softphone page until a person answers or declines there.</summary>
    public static CalleeBehavior RingsOnBrowser() => new() { Response = CalleeResponse.Browser };

    public static CalleeBehavior GoesToVoicemail(TimeSpan delay = default) => new() { Response = CalleeResponse.Voicemail, Delay = delay };
}
