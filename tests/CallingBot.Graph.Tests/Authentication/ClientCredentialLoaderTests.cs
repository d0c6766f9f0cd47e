using System.Security.Cryptography.X509Certificates;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Graph.Tests.Authentication;

public sealed class ClientCredentialLoaderTests : IDisposable
{
    private const string Password = "pfx-P@ssw0rd-under-test";
    private readonly TestCertificates _files = new();

    [Fact]
    public void LoadCertificate_PfxWithRightPassword_ReturnsCertificateWithPrivateKey()
    {
        using var original = TestCertificates.CreateValid();
        var path = _files.WritePfx(original, Password);

        using var loaded = ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { CertificatePath = path, CertificatePassword = Password });

        Assert.NotNull(loaded);
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(original.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void LoadCertificate_WrongPassword_FailsNamingTheSettingWithoutThePassword()
    {
        using var original = TestCertificates.CreateValid();
        var path = _files.WritePfx(original, Password);

        var error = Assert.Throws<InvalidOperationException>(() => ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { CertificatePath = path, CertificatePassword = "wrong-password-value" }));

        Assert.Equal("CallingBot:Graph:CertificatePath could not be read: wrong CallingBot:Graph:CertificatePassword, or not a PFX (PKCS#12) file.", error.Message);
        Assert.DoesNotContain("wrong-password-value", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCertificate_MissingFile_FailsNamingThePath()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { CertificatePath = "/nonexistent/bot.pfx" }));

        Assert.Equal("CallingBot:Graph:CertificatePath '/nonexistent/bot.pfx' does not exist.", error.Message);
    }

    [Fact]
    public void LoadCertificate_PfxWithoutPrivateKey_Fails()
    {
        using var original = TestCertificates.CreateValid();
        var path = _files.WritePfx(original, Password, withKey: false);

        var error = Assert.Throws<InvalidOperationException>(() => ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { CertificatePath = path, CertificatePassword = Password }));

        Assert.Equal("CallingBot:Graph:CertificatePath names a certificate without its private key.", error.Message);
    }

    [Fact]
    public void LoadCertificate_Expired_FailsWithTheExpiryDate()
    {
        using var original = TestCertificates.Create(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 6, 30, 0, 0, 0, TimeSpan.Zero));
        var path = _files.WritePfx(original, Password);

        var error = Assert.Throws<InvalidOperationException>(() => ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { CertificatePath = path, CertificatePassword = Password }));

        Assert.Equal("CallingBot:Graph:CertificatePath names a certificate that expired on 2021-06-30.", error.Message);
    }

    [Fact]
    public void LoadCertificate_NotYetValidOnTheGivenClock_Fails()
    {
        using var original = TestCertificates.Create(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var path = _files.WritePfx(original, Password);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var error = Assert.Throws<InvalidOperationException>(() => ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { CertificatePath = path, CertificatePassword = Password }, clock));

        Assert.Equal("CallingBot:Graph:CertificatePath names a certificate that is not valid before 2031-01-01.", error.Message);
    }

    [Fact]
    public void LoadCertificate_EcdsaCertificate_FailsBecauseEntraNeedsRsa()
    {
        using var original = TestCertificates.Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), rsa: false);
        var path = _files.WritePfx(original, Password);

        var error = Assert.Throws<InvalidOperationException>(() => ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { CertificatePath = path, CertificatePassword = Password }));

        Assert.StartsWith("CallingBot:Graph:CertificatePath names a certificate whose key is not RSA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCertificate_ThumbprintInCurrentUserStore_ReturnsIt()
    {
        using var original = TestCertificates.CreateValid();
        using var withKey = X509CertificateLoader.LoadPkcs12(original.Export(X509ContentType.Pkcs12, Password), Password, X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.Exportable);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(withKey);
        try
        {
            using var loaded = ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { CertificateThumbprint = original.Thumbprint.ToLowerInvariant() });

            Assert.NotNull(loaded);
            Assert.Equal(original.Thumbprint, loaded.Thumbprint);
            Assert.True(loaded.HasPrivateKey);
        }
        finally
        {
            store.Remove(withKey);
        }
    }

    [Fact]
    public void LoadCertificate_UnknownThumbprint_FailsNamingTheStores()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { CertificateThumbprint = new string('A', 40) }));

        Assert.Equal("CallingBot:Graph:CertificateThumbprint names no certificate in the CurrentUser or LocalMachine 'My' store.", error.Message);
    }

    [Fact]
    public void LoadCertificate_SecretOnly_ReturnsNull()
    {
        Assert.Null(ClientCredentialLoader.LoadCertificate(new GraphCallingOptions { ClientSecret = "s" }));
    }

    public void Dispose() => _files.Dispose();
}
