using CallingBot.Host.Logging;

namespace CallingBot.Host.Tests.Security;

public sealed class SecretMaskingEnricherTests
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
        Assert.Equal(expected, SecretMaskingEnricher.Mask(text));
    }

    [Theory]
    [InlineData("call 4f1a0b00-7a3c-4e5d-9f10-aa0011223344 established")]
    [InlineData("responded 401 in 12.5 ms")]
    [InlineData("2030-01-01T12:00:00+00:00")]
    public void Mask_OrdinaryText_IsLeftAlone(string text)
    {
        Assert.Null(SecretMaskingEnricher.Mask(text));
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
        Assert.Equal(expected, SecretMaskingEnricher.IsSecretName(name));
    }
}
