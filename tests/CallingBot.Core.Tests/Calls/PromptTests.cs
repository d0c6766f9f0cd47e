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
}
