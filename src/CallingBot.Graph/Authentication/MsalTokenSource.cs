using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using CallingBot.Graph.Configuration;
using CallingBot.Graph.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CallingBot.Graph.Authentication;

/// <summary>
/// Client-credential tokens from MSAL's confidential client, one application object (and token cache) per tenant so a
/// multi-tenant bot gets tokens from each caller's tenant. Token service errors leave as <see cref="Core.Platform.PlatformException"/>
/// (<see cref="GraphCredentialErrors"/>).
/// </summary>
/// <remarks>
/// The last token of each tenant is handed out again without asking MSAL until <see cref="RenewBefore"/> before it
/// expires: every Graph request asks for a token, and MSAL's own cache lookup (its request pipeline, cache key and
/// telemetry) is a measurable part of each request. MSAL is asked again from then on, and gets a new token as before.
/// </remarks>
public sealed partial class MsalTokenSource : IGraphTokenSource, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<IConfidentialClientApplication>> _applications = new(StringComparer.OrdinalIgnoreCase);
    private readonly GraphCallingOptions _options;
    private readonly IMsalHttpClientFactory _httpClientFactory;
    private readonly ILogger<MsalTokenSource> _logger;
    private readonly X509Certificate2? _certificate;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RenewAt)> _issued = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long before a token expires it is no longer handed out from this source's own cache.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    public MsalTokenSource(IOptions<GraphCallingOptions> options, IHttpClientFactory httpClientFactory, ILogger<MsalTokenSource> logger)
        : this(options, httpClientFactory, logger, TimeProvider.System)
    {
    }

    public MsalTokenSource(IOptions<GraphCallingOptions> options, IHttpClientFactory httpClientFactory, ILogger<MsalTokenSource> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options.Value;
        _logger = logger;
        _httpClientFactory = new MsalHttpClientFactory(httpClientFactory);
        _certificate = ClientCredentialLoader.LoadCertificate(_options);
    }

    public async Task<string> GetTokenAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var tenant = string.IsNullOrWhiteSpace(tenantId) ? _options.TenantId! : tenantId;
        if (!Guid.TryParse(tenant, out _))
        {
            throw new ArgumentException("A token needs a tenant id (GUID).", nameof(tenantId));
        }

        if (_issued.TryGetValue(tenant, out var issued) && _time.GetUtcNow() < issued.RenewAt)
        {
            return issued.Token;
        }

        var application = _applications.GetOrAdd(tenant, t => new Lazy<IConfidentialClientApplication>(() => Create(t))).Value;
        try
        {
            var result = await application.AcquireTokenForClient([_options.Scope]).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            _issued[tenant] = (result.AccessToken, result.ExpiresOn - RenewBefore);
            return result.AccessToken;
        }
        catch (MsalException exception)
        {
            Log.TokenFailed(_logger, tenant, exception.ErrorCode);
            throw GraphCredentialErrors.Translate(_options, exception);
        }
        catch (HttpRequestException exception)
        {
            Log.TokenFailed(_logger, tenant, "unreachable");
            throw GraphCredentialErrors.Translate(_options, exception);
        }
    }

    public void Dispose() => _certificate?.Dispose();

    private IConfidentialClientApplication Create(string tenantId)
    {
        var authority = new Uri(_options.AuthorityHost, tenantId);
        var builder = ConfidentialClientApplicationBuilder.Create(_options.AppId)
            .WithAuthority(authority.AbsoluteUri, _options.ValidateAuthority)
            .WithHttpClientFactory(_httpClientFactory);
        if (!_options.ValidateAuthority)
        {
            builder = builder.WithInstanceDiscovery(false);
        }

        builder = _certificate is not null
            ? builder.WithCertificate(_certificate, sendX5C: true)
            : builder.WithClientSecret(_options.ClientSecret);
        return builder.Build();
    }

    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(GraphHttpClients.Identity);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = GraphEventIds.TokenFailed, EventName = nameof(GraphEventIds.TokenFailed), Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Could not get a Graph token for tenant {TenantId}: {ErrorCode}")]
        public static partial void TokenFailed(ILogger logger, string tenantId, string errorCode);
    }
}
