namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// How the host authenticates what ACS sends it, bound from <c>CallingBot:Acs</c> beside the adapter's own settings:
/// the Event Grid subscriptions whose IncomingCall events it accepts, their shared secret, and the issuer, metadata
/// and audience of the JWT on every Call Automation callback.
/// </summary>
internal sealed class AcsEndpointOptions
{
    /// <summary>The issuer of Call Automation's callback tokens.</summary>
    public const string DefaultTokenIssuer = "https://acscallautomation.communication.azure.com";

    /// <summary>Where Call Automation publishes its OpenID configuration (and so its signing keys).</summary>
    public const string DefaultTokenMetadataUrl = "https://acscallautomation.communication.azure.com/calling/.well-known/acsopenidconfiguration";

    /// <summary>The ACS resource's immutable id (Azure portal, resource overview → JSON view): the callbacks' token audience. Required.</summary>
    public string? ResourceId { get; set; }

    /// <summary>The callbacks' token issuer. Default <see cref="DefaultTokenIssuer"/>.</summary>
    public string CallbackTokenIssuer { get; set; } = DefaultTokenIssuer;

    /// <summary>The https URL of the OpenID configuration whose <c>jwks_uri</c> holds the callbacks' signing keys. Default <see cref="DefaultTokenMetadataUrl"/>.</summary>
    public Uri CallbackTokenMetadataUrl { get; set; } = new(DefaultTokenMetadataUrl);

    /// <summary>
    /// Names of the Event Grid subscriptions (as created on the resource, for IncomingCall events) whose deliveries the
    /// bot accepts, compared with the <c>aeg-subscription-name</c> header without regard to case. Empty: incoming ACS
    /// calls are refused.
    /// </summary>
    public List<string> EventGridSubscriptions { get; set; } = [];

    /// <summary>
    /// The secret the subscription's endpoint URL carries as its <c>code</c> query parameter
    /// (<c>https://bot.contoso.com/api/acs/incoming?code=…</c>). At least 32 characters; required when
    /// <see cref="EventGridSubscriptions"/> is not empty.
    /// </summary>
    public string? EventGridSecret { get; set; }

    /// <summary>Largest body accepted on either endpoint, in bytes. Default 256 KiB.</summary>
    public int MaxEventBodyBytes { get; set; } = 256 * 1024;
}
