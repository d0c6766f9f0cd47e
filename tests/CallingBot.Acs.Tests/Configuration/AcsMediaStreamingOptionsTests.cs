using CallingBot.Acs.Configuration;

namespace CallingBot.Acs.Tests.Configuration;

/// <summary>
/// <c>CallingBot:Acs:MediaStreamingTransportUrl</c> is the media endpoint's base: wss, no query; the audio channel and
/// format are defined values.
/// </summary>
public sealed class AcsMediaStreamingOptionsTests
{
    [Theory]
    [InlineData("wss://bot.contoso.com/", null)]
    [InlineData("wss://bot.contoso.com/calls/", null)]
    [InlineData("https://bot.contoso.com/", "CallingBot:Acs:MediaStreamingTransportUrl must be an absolute wss URL.")]
    [InlineData("wss://bot.contoso.com/media?token=x", "CallingBot:Acs:MediaStreamingTransportUrl is the media endpoint's base address and must have no query: the bot adds /media/{session}?token=… per call.")]
    public void Validate_TransportUrl_NamesTheSettingWhenWrong(string url, string? expected)
    {
        var options = new AcsOptions
        {
            ConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=dGVzdA==",
            CallbackUrl = new Uri("https://bot.contoso.com/api/acs/callbacks"),
            SourceUserId = "8:acs:bot",
            MediaStreamingTransportUrl = new Uri(url),
        };

        var result = new AcsOptionsValidator().Validate(null, options);

        Assert.Equal(expected is null ? [] : [expected], result.Failures ?? []);
    }

    [Fact]
    public void StartMediaStreaming_DefaultsToTrue() => Assert.True(new AcsOptions().StartMediaStreaming);

    [Fact]
    public void AudioChannelAndFormat_DefaultToMixed16K()
    {
        var options = new AcsOptions();

        Assert.Equal(AcsAudioChannel.Mixed, options.MediaStreamingAudioChannel);
        Assert.Equal(AcsAudioFormat.Pcm16KMono, options.MediaStreamingAudioFormat);
    }

    [Fact]
    public void Validate_UndefinedAudioChannelAndFormat_NamesBothSettings()
    {
        var options = new AcsOptions
        {
            ConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=dGVzdA==",
            CallbackUrl = new Uri("https://bot.contoso.com/api/acs/callbacks"),
            SourceUserId = "8:acs:bot",
            MediaStreamingAudioChannel = (AcsAudioChannel)7,
            MediaStreamingAudioFormat = (AcsAudioFormat)3,
        };

        var result = new AcsOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "CallingBot:Acs:MediaStreamingAudioChannel must be Mixed or Unmixed.",
                "CallingBot:Acs:MediaStreamingAudioFormat must be Pcm16KMono or Pcm24KMono.",
            ],
            result.Failures);
    }
}
