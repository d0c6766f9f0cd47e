namespace CallingBot.Host.Api.Calls;

/// <summary>Plays one or more prompts in order; the request completes when they have played.</summary>
public sealed class PlayPromptRequest
{
    public const int MaxPrompts = 20;

    public List<PromptModel>? Prompts { get; set; }
}
