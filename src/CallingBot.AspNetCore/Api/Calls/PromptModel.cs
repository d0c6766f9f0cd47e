namespace CallingBot.AspNetCore.Api.Calls;

/// <summary>An audio prompt: a WAV file at an absolute http(s) URL the calling service can fetch.</summary>
internal sealed class PromptModel
{
    public string? Uri { get; set; }
}
