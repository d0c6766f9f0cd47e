using CallingBot.Core.Platform;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using Microsoft.Identity.Client;

namespace CallingBot.Graph.Tests.Authentication;

/// <summary>The token service's errors leave the adapter as platform errors whose message names the setting and MSAL's code.</summary>
public sealed class GraphCredentialErrorsTests
{
    private static readonly GraphCallingOptions Options = new()
    {
        AppId = "0d8b6a1e-5c3f-4e2a-9b7d-1f0e2d3c4b5a",
        TenantId = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b",
        ClientSecret = "the-secret-never-shown",
    };

    [Theory]
    [InlineData(400, "invalid_client")]
    [InlineData(401, "invalid_client")]
    [InlineData(400, "invalid_scope")]
    [InlineData(400, "unauthorized_client")]
    public void Translate_CredentialsRefused_IsUnauthorizedNamingTheSetting(int status, string code)
    {
        var refused = new MsalServiceException(code, "refused", status, null);

        var error = GraphCredentialErrors.Translate(Options, refused);

        Assert.Equal(PlatformErrorKind.Unauthorized, error.Kind);
        Assert.Same(refused, error.InnerException);
        Assert.Equal(GraphCredentialErrors.Describe(Options, code), error.Message);
        Assert.Contains($"({code})", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Options.ClientSecret!, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "temporarily_unavailable")]
    [InlineData(500, "service_not_available")]
    [InlineData(503, "service_not_available")]
    public void Translate_TokenServiceFailing_IsUnavailableWithMsalsCode(int status, string code)
    {
        var failing = new MsalServiceException(code, "try later", status, null);

        var error = GraphCredentialErrors.Translate(Options, failing);

        Assert.Equal(PlatformErrorKind.Unavailable, error.Kind);
        Assert.Equal($"The token service did not issue a token ({code}).", error.Message);
    }

    [Fact]
    public void Translate_ClientSideMsalError_IsUnavailable()
    {
        var error = GraphCredentialErrors.Translate(Options, new MsalClientException("unknown_error", "local failure"));

        Assert.Equal(PlatformErrorKind.Unavailable, error.Kind);
        Assert.Equal("The token service did not issue a token (unknown_error).", error.Message);
    }

    [Fact]
    public void Translate_NetworkFailure_IsUnavailable()
    {
        var error = GraphCredentialErrors.Translate(Options, new HttpRequestException("connection refused"));

        Assert.Equal(PlatformErrorKind.Unavailable, error.Kind);
        Assert.Equal("The token service could not be reached.", error.Message);
    }
}
