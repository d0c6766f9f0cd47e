using CallingBot.AspNetCore.Logging;

namespace CallingBot.Host.Tests.Logging;

public sealed class LogRedactorTests
{
    [Theory]
    [InlineData("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl end", "token [jwt redacted] end")]
    [InlineData("Authorization: Bearer abc.def-ghi_jkl", "Authorization: Bearer [redacted]")]
    [InlineData("X-Api-Key: hostile-suite-api-key-0123456789", "X-Api-Key: [redacted]")]
    [InlineData("secret abc8Q~abcdefghijklmnopqrstuvwxyz0123456789 used", "secret [secret redacted] used")]
    [InlineData("caller +14255550123 rang", "caller +1425*****23 rang")]
    [InlineData("caller +1 425 555 0123 rang", "caller +1 42********23 rang")]
    public void Mask_SensitiveText_IsMasked(string text, string expected)
    {
        Assert.Equal(expected, LogRedactor.Mask(text));
    }

    [Theory]
    [InlineData("call 4f1a0b00-7a3c-4e5d-9f10-aa0011223344 established")]
    [InlineData("responded 401 in 12.5 ms")]
    [InlineData("2030-01-01T12:00:00+00:00")]
    public void Mask_OrdinaryText_IsLeftAlone(string text)
    {
        Assert.Null(LogRedactor.Mask(text));
    }

    [Theory]
    [InlineData("ClientSecret", true)]
    [InlineData("access_token", true)]
    [InlineData("ApiKey", true)]
    [InlineData("CertificatePassword", true)]
    [InlineData("CredentialKind", false)]
    [InlineData("Reason", false)]
    [InlineData("CallId", false)]
    public void IsSecretName_Names_ClassifiedExactly(string name, bool expected)
    {
        Assert.Equal(expected, LogRedactor.IsSecretName(name));
    }

    [Theory]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("esc\u001b[31m", @"esc\u001b[31m")]
    [InlineData("nul\0", @"nul\u0000")]
    [InlineData("del\u007f", @"del\u007f")]
    [InlineData("c1\u0085\u009b", @"c1\u0085\u009b")]
    [InlineData("sep\u2028\u2029", @"sep\u2028\u2029")]
    [InlineData("bidi\u202e\u2066", @"bidi\u202e\u2066")]
    public void Escape_ControlCharacters_WrittenAsVisibleEscapes(string text, string expected)
    {
        Assert.Equal(expected, LogRedactor.Escape(text));
    }

    [Theory]
    [InlineData("plain ASCII text")]
    [InlineData(@"C:\recordings\call.wav")]
    [InlineData("Zoë Ærøskøbing 東京")]
    public void Escape_PrintableText_SameInstance(string text)
    {
        Assert.Same(text, LogRedactor.Escape(text));
    }

    [Fact]
    public void CleanException_SafeException_SameInstance()
    {
        var exception = new InvalidOperationException("Nothing to hide");

        Assert.Same(exception, LogRedactor.Clean(exception));
    }

    [Fact]
    public void CleanException_MessageWithLineBreakTokenAndPhone_RedactedWithTypeAndMessage()
    {
        var exception = new ArgumentException("bad\r\n[05:00:00.000 ERR] FORGED eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl +14255550123");

        var cleaned = Assert.IsType<RedactedException>(LogRedactor.Clean(exception));

        Assert.Equal(typeof(ArgumentException).FullName, cleaned.OriginalType);
        Assert.Equal(@"bad\r\n[05:00:00.000 ERR] FORGED [jwt redacted] +1425*****23", cleaned.Message);
        Assert.Equal(@"System.ArgumentException: bad\r\n[05:00:00.000 ERR] FORGED [jwt redacted] +1425*****23", cleaned.ToString());
    }
}
