using CallingBot.Media.Windows.Configuration;

namespace CallingBot.Media.Windows.Tests.Configuration;

public sealed class NativeMediaOptionsValidatorTests
{
    private static NativeMediaOptions Valid() => new()
    {
        CertificateThumbprint = "ABCDEF0123456789ABCDEF0123456789ABCDEF01",
        ServiceFqdn = "media0.bot.contoso.com",
        PublicIpAddress = "20.30.40.50",
        InstanceInternalPort = 8445,
        InstancePublicPort = 18445,
    };

    [Fact]
    public void Validate_CompleteSettings_Succeeds() =>
        Assert.True(new NativeMediaOptionsValidator().Validate(null, Valid()).Succeeded);

    [Fact]
    public void Validate_NothingSet_NamesEveryRequiredSetting()
    {
        var result = new NativeMediaOptionsValidator().Validate(null, new NativeMediaOptions());

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("CallingBot:Media:Native:CertificateThumbprint is required", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("CallingBot:Media:Native:ServiceFqdn is required", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("CallingBot:Media:Native:PublicIpAddress is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ab cd", "CertificateThumbprint")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0G", "CertificateThumbprint")]
    public void Validate_BadThumbprint_NamesIt(string thumbprint, string setting)
    {
        var options = Valid();
        options.CertificateThumbprint = thumbprint;

        var failure = Assert.Single(new NativeMediaOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith($"CallingBot:Media:Native:{setting} must be 40 hexadecimal digits", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20.30.40.50")]
    [InlineData("localhost")]
    [InlineData("bad name.contoso.com")]
    public void Validate_ServiceFqdnNotAFullyQualifiedName_NamesIt(string fqdn)
    {
        var options = Valid();
        options.ServiceFqdn = fqdn;

        var failure = Assert.Single(new NativeMediaOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("CallingBot:Media:Native:ServiceFqdn must be a fully qualified DNS name", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("media0.bot.contoso.com")]
    [InlineData("2001:db8::1")]
    [InlineData("300.1.1.1")]
    public void Validate_PublicIpNotIPv4_NamesIt(string address)
    {
        var options = Valid();
        options.PublicIpAddress = address;

        var failure = Assert.Single(new NativeMediaOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("CallingBot:Media:Native:PublicIpAddress must be an IPv4 address", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 8445, "InstanceInternalPort")]
    [InlineData(8445, 65536, "InstancePublicPort")]
    public void Validate_PortOutOfRange_NamesIt(int internalPort, int publicPort, string setting)
    {
        var options = Valid();
        options.InstanceInternalPort = internalPort;
        options.InstancePublicPort = publicPort;

        var failure = Assert.Single(new NativeMediaOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith($"CallingBot:Media:Native:{setting} must be a TCP port", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void PlatformSettings_CarryTheInstancesAddressPortsAndCertificate()
    {
        var settings = NativeMediaPlatformSettings.Create(Valid(), "11111111-2222-3333-4444-555555555555");

        Assert.Equal("11111111-2222-3333-4444-555555555555", settings.ApplicationId);
        var instance = settings.MediaPlatformInstanceSettings;
        Assert.Equal("ABCDEF0123456789ABCDEF0123456789ABCDEF01", instance.CertificateThumbprint);
        Assert.Equal("media0.bot.contoso.com", instance.ServiceFqdn);
        Assert.Equal("20.30.40.50", instance.InstancePublicIPAddress.ToString());
        Assert.Equal(8445, instance.InstanceInternalPort);
        Assert.Equal(18445, instance.InstancePublicPort);
    }
}
