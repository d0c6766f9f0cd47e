namespace CallingBot.Acs.Signing;

/// <summary>
/// Signs every outgoing request with the ACS access key: sets <c>x-ms-date</c> (now), <c>x-ms-content-sha256</c>
/// (hash of the body as sent) and <c>Authorization</c>. Signs again on every attempt, so retries carry a fresh date.
/// The host signed is the request URI's authority (host, plus the port when it is not the scheme's default),
/// which is what the Host header carries.
/// </summary>
public sealed class AcsHmacAuthenticationHandler : DelegatingHandler
{
    private readonly AcsRequestSigner _signer;
    private readonly TimeProvider _time;

    public AcsHmacAuthenticationHandler(AcsRequestSigner signer, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _signer = signer;
        _time = timeProvider;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI to sign.");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var date = AcsRequestSigner.FormatDate(_time.GetUtcNow());
        var hash = AcsRequestSigner.ComputeContentHash(body);
        request.Headers.Remove(AcsRequestSigner.DateHeader);
        request.Headers.Remove(AcsRequestSigner.ContentHashHeader);
        request.Headers.TryAddWithoutValidation(AcsRequestSigner.DateHeader, date);
        request.Headers.TryAddWithoutValidation(AcsRequestSigner.ContentHashHeader, hash);
        var authorization = _signer.CreateAuthorization(request.Method.Method, uri.PathAndQuery, date, uri.Authority, hash);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
