namespace CallingBot.Media.Windows.Configuration;

/// <summary>
/// Microsoft's native media platform (configuration section <c>CallingBot:Media:Native</c>), used when
/// <c>CallingBot:Media:Platform</c> is <c>Native</c>. Each instance (VM) has its own public address and port: Teams
/// sends the call's media straight to it, not through a load balancer.
/// </summary>
public sealed class NativeMediaOptions
{
    public const string SectionName = "CallingBot:Media:Native";

    /// <summary>
    /// Thumbprint (40 hex digits) of the certificate in LocalMachine\My whose subject or SAN is <see cref="ServiceFqdn"/>;
    /// the media platform secures the media connection with it. Required.
    /// </summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The instance's public DNS name, for example <c>media0.bot.contoso.com</c>, resolving to <see cref="PublicIpAddress"/>. Required.</summary>
    public string? ServiceFqdn { get; set; }

    /// <summary>The instance's public IPv4 address (the VM's public IP). Required.</summary>
    public string? PublicIpAddress { get; set; }

    /// <summary>The local TCP port the media platform listens on for media control. Default 8445.</summary>
    public int InstanceInternalPort { get; set; } = 8445;

    /// <summary>The public TCP port that reaches <see cref="InstanceInternalPort"/> (the same unless NAT maps it). Default 8445.</summary>
    public int InstancePublicPort { get; set; } = 8445;

    /// <summary>Ask for video as well as audio (one receive-and-send video socket). Default false.</summary>
    public bool Video { get; set; }

    /// <summary>Receive one audio stream per speaker in meetings (unmixed), each frame carrying its speaker's participant id. Default true.</summary>
    public bool ReceiveUnmixedAudio { get; set; } = true;
}
