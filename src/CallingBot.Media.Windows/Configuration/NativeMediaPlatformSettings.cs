using System.Net;
using Microsoft.Skype.Bots.Media;

namespace CallingBot.Media.Windows.Configuration;

/// <summary>Builds the SDK's <see cref="MediaPlatformSettings"/> from validated <see cref="NativeMediaOptions"/>.</summary>
public static class NativeMediaPlatformSettings
{
    /// <param name="options">Validated options (see <see cref="NativeMediaOptionsValidator"/>).</param>
    /// <param name="applicationId">The bot's Entra application id (<c>CallingBot:Graph:AppId</c>).</param>
    public static MediaPlatformSettings Create(NativeMediaOptions options, string applicationId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(applicationId);
        return new MediaPlatformSettings
        {
            ApplicationId = applicationId,
            MediaPlatformInstanceSettings = new MediaPlatformInstanceSettings
            {
                CertificateThumbprint = options.CertificateThumbprint,
                ServiceFqdn = options.ServiceFqdn,
                InstancePublicIPAddress = IPAddress.Parse(options.PublicIpAddress!),
                InstancePublicPort = options.InstancePublicPort,
                InstanceInternalPort = options.InstanceInternalPort,
            },
        };
    }
}
