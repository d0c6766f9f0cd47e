namespace CallingBot.AspNetCore.Api.Calls;

/// <summary>Plays one or more prompts in order; the request completes when they have played.</summary>
internal sealed class PlayPromptRequest
{
    public const int MaxPrompts = ApiLimits.MaxPrompts;

    public List<PromptModel>? Prompts { get; set; }
}
