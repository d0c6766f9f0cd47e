using CallingBot.Core.Calls;

namespace CallingBot.Core.Tests.Calls;

public sealed class PromptTests
{
    [Theory]
    [InlineData("ftp://prompts.example/a.wav")]
    [InlineData("file:///prompts/a.wav")]
    public void Constructor_NonHttpUri_Throws(string uri)
    {
        var error = Assert.Throws<ArgumentException>(() => new Prompt(new Uri(uri)));

        Assert.Equal("uri", error.ParamName);
    }

    [Fact]
    public void Constructor_RelativeUri_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Prompt(new Uri("prompts/a.wav", UriKind.Relative)));
    }

    [Fact]
    public void FromUrl_HttpsUrl_KeepsUriAndGivesResourceId()
    {
        var prompt = Prompt.FromUrl("https://prompts.example/a.wav");

        Assert.Equal(new Uri("https://prompts.example/a.wav"), prompt.Uri);
        Assert.True(Guid.TryParse(prompt.ResourceId, out _));
    }

    [Theory]
    [InlineData("https://prompts.example/a.wav")]
    [InlineData("http://prompts.example/a.wav")]
    public void TryCreate_AbsoluteHttpUrl_GivesThePrompt(string url)
    {
        Assert.True(Prompt.TryCreate(url, out var prompt));
        Assert.Equal(new Uri(url), prompt.Uri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("prompts/a.wav")]
    [InlineData("ftp://prompts.example/a.wav")]
    [InlineData("file:///prompts/a.wav")]
    public void TryCreate_AnythingTheConstructorRefuses_IsFalse(string? url)
    {
        Assert.False(Prompt.TryCreate(url, out var prompt));
        Assert.Null(prompt);
    }
}
