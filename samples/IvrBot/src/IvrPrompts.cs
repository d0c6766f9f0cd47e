using CallingBot.Core.Calls;

namespace IvrBot;

/// <summary>The WAV prompts the menu plays; host them anywhere the calling service can fetch over https.</summary>
public sealed record IvrPrompts
{
    public required Prompt Greeting { get; init; }

    /// <summary>"Press 1 for opening hours, 2 for an operator, 3 to leave a message, 0 to hear this again."</summary>
    public required Prompt Menu { get; init; }

    public required Prompt Information { get; init; }

    public required Prompt Transferring { get; init; }

    /// <summary>Played before the beep of the voicemail recording.</summary>
    public required Prompt LeaveMessage { get; init; }

    public required Prompt MessageSaved { get; init; }

    public required Prompt InvalidKey { get; init; }

    public required Prompt NoInput { get; init; }

    public required Prompt Goodbye { get; init; }

    /// <summary>Prompts named after the files under <paramref name="baseUrl"/>: greeting.wav, menu.wav, information.wav…</summary>
    public static IvrPrompts At(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        Prompt File(string name) => new(new Uri(baseUrl, name + ".wav"));
        return new IvrPrompts
        {
            Greeting = File("greeting"),
            Menu = File("menu"),
            Information = File("information"),
            Transferring = File("transferring"),
            LeaveMessage = File("leave-message"),
            MessageSaved = File("message-saved"),
            InvalidKey = File("invalid-key"),
            NoInput = File("no-input"),
            Goodbye = File("goodbye"),
        };
    }
}
