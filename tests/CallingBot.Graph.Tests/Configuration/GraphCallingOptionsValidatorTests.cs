using CallingBot.Graph.Configuration;
using CallingBot.Graph.Tests.Authentication;

namespace CallingBot.Graph.Tests.Configuration;

public sealed class GraphCallingOptionsValidatorTests : IDisposable
{
    private readonly TestCertificates _files = new();
    private readonly GraphCallingOptionsValidator _validator = new();

    private static GraphCallingOptions Valid() => new()
    {
        AppId = "0d8b6a1e-5c3f-4e2a-9b7d-1f0e2d3c4b5a",
        TenantId = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b",
        ClientSecret = "secret-value",
        CallbackUrl = new Uri("https://bot.contoso.com/api/calling"),
    };

    [Fact]
    public void Validate_ValidSecretOptions_Succeeds()
    {
        Assert.True(_validator.Validate(null, Valid()).Succeeded);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEverySettingByName()
    {
        var options = new GraphCallingOptions
        {
            AppId = "bot",
            TenantId = "contoso",
            CallbackUrl = new Uri("http://bot.contoso.com/api/calling"),
            ServiceBaseUrl = new Uri("http://graph.example/v1.0"),
            AuthorityHost = new Uri("http://login.example"),
            Scope = "https://graph.microsoft.com/Calls.Initiate.All",
            AppName = " ",
        };

        var result = _validator.Validate(null, options);

        Assert.Equal(
            [
                "CallingBot:Graph:AppId must be the bot's application (client) id, a GUID.",
                "CallingBot:Graph:TenantId must be the bot's tenant id, a GUID.",
                "CallingBot:Graph: set one credential: ClientSecret, CertificatePath (+ CertificatePassword) or CertificateThumbprint.",
                "CallingBot:Graph:Scope must be a resource's /.default scope, for example https://graph.microsoft.com/.default.",
                "CallingBot:Graph:CallbackUrl must be an absolute https URL (Graph only calls https webhooks).",
                "CallingBot:Graph:ServiceBaseUrl must be an absolute https URL.",
                "CallingBot:Graph:AuthorityHost must be an absolute https URL.",
                "CallingBot:Graph:AppName must not be empty.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_TwoCredentials_Fails()
    {
        var options = Valid();
        options.CertificateThumbprint = new string('a', 40);

        var result = _validator.Validate(null, options);

        Assert.Equal(["CallingBot:Graph: set only one of ClientSecret, CertificatePath and CertificateThumbprint."], result.Failures);
    }

    [Fact]
    public void Validate_SecretWithSurroundingWhiteSpace_Fails()
    {
        var options = Valid();
        options.ClientSecret = " secret-value\n";

        var result = _validator.Validate(null, options);

        Assert.Equal(["CallingBot:Graph:ClientSecret has leading or trailing white space; copy the secret value exactly."], result.Failures);
    }

    [Fact]
    public void Validate_PfxWithWrongPassword_FailsAtStartNamingTheSetting()
    {
        using var certificate = TestCertificates.CreateValid();
        var options = Valid();
        options.ClientSecret = null;
        options.CertificatePath = _files.WritePfx(certificate, "right-password");
        options.CertificatePassword = "wrong-password";

        var result = _validator.Validate(null, options);

        Assert.Equal(["CallingBot:Graph:CertificatePath could not be read: wrong CallingBot:Graph:CertificatePassword, or not a PFX (PKCS#12) file."], result.Failures);
    }

    [Fact]
    public void Validate_BadThumbprint_Fails()
    {
        var options = Valid();
        options.ClientSecret = null;
        options.CertificateThumbprint = "not-a-thumbprint";

        var result = _validator.Validate(null, options);

        Assert.Equal(["CallingBot:Graph:CertificateThumbprint must be 40 hexadecimal characters."], result.Failures);
    }

    public void Dispose() => _files.Dispose();
}
