using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace CallingBot.Media.Windows.Configuration;

/// <summary>Checks <see cref="NativeMediaOptions"/> at start, reporting every wrong setting by name.</summary>
public sealed class NativeMediaOptionsValidator : IValidateOptions<NativeMediaOptions>
{
    public ValidateOptionsResult Validate(string? name, NativeMediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = NativeMediaOptions.SectionName;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CertificateThumbprint))
        {
            errors.Add($"{Section}:CertificateThumbprint is required (the thumbprint of the media certificate in LocalMachine\\My).");
        }
        else if (options.CertificateThumbprint.Length != 40 || !options.CertificateThumbprint.All(char.IsAsciiHexDigit))
        {
            errors.Add($"{Section}:CertificateThumbprint must be 40 hexadecimal digits without spaces (got {options.CertificateThumbprint.Length} characters).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceFqdn))
        {
            errors.Add($"{Section}:ServiceFqdn is required (the instance's public DNS name, for example media0.bot.contoso.com).");
        }
        else if (Uri.CheckHostName(options.ServiceFqdn) != UriHostNameType.Dns || !options.ServiceFqdn.Contains('.', StringComparison.Ordinal))
        {
            errors.Add($"{Section}:ServiceFqdn must be a fully qualified DNS name, not an address or a single label (got '{options.ServiceFqdn}').");
        }

        if (string.IsNullOrWhiteSpace(options.PublicIpAddress))
        {
            errors.Add($"{Section}:PublicIpAddress is required (the instance's public IPv4 address).");
        }
        else if (!IPAddress.TryParse(options.PublicIpAddress, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            errors.Add($"{Section}:PublicIpAddress must be an IPv4 address (got '{options.PublicIpAddress}').");
        }

        CheckPort(errors, nameof(NativeMediaOptions.InstanceInternalPort), options.InstanceInternalPort);
        CheckPort(errors, nameof(NativeMediaOptions.InstancePublicPort), options.InstancePublicPort);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckPort(List<string> errors, string setting, int port)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{NativeMediaOptions.SectionName}:{setting} must be a TCP port between 1 and 65535 (got {port})."));
        }
    }
}
