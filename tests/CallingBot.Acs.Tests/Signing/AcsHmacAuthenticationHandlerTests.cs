using System.Security.Cryptography;
using System.Text;
using CallingBot.Acs.Signing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Acs.Tests.Signing;

public sealed class AcsHmacAuthenticationHandlerTests
{
    private const string Key = "QUNTIHNpZ25pbmcgdGVzdCBrZXkgMDEyMzQ1Njc4OQ==";

    [Fact]
    public async Task SendAsync_PostWithBody_SignsDocumentedStringToSign()
    {
        const string Body = """{"callbackUri":"https://app.contoso.com/callback"}""";
        var request = await SendAsync(HttpMethod.Post, "https://contoso.communication.azure.com/calling/callConnections?api-version=2022-04-07-preview", Body);

        // Derived here from the documented scheme, not from the signer.
        var expectedHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Body)));
        var stringToSign = "POST\n/calling/callConnections?api-version=2022-04-07-preview\nSun, 06 Nov 1994 08:49:37 GMT;contoso.communication.azure.com;" + expectedHash;
        var expectedSignature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.UTF8.GetBytes(stringToSign)));

        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", Header(request, "x-ms-date"));
        Assert.Equal(expectedHash, Header(request, "x-ms-content-sha256"));
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expectedSignature}", Header(request, "Authorization"));
    }

    [Fact]
    public async Task SendAsync_DeleteWithoutBodyOnNonDefaultPort_SignsEmptyHashAndHostWithPort()
    {
        var request = await SendAsync(HttpMethod.Delete, "https://127.0.0.1:8443/calling/callConnections/abc?api-version=2022-04-07-preview", body: null);

        const string EmptyBodyHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        var stringToSign = "DELETE\n/calling/callConnections/abc?api-version=2022-04-07-preview\nSun, 06 Nov 1994 08:49:37 GMT;127.0.0.1:8443;" + EmptyBodyHash;
        var expectedSignature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.UTF8.GetBytes(stringToSign)));

        Assert.Equal(EmptyBodyHash, Header(request, "x-ms-content-sha256"));
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expectedSignature}", Header(request, "Authorization"));
    }

    [Fact]
    public void Constructor_KeyNotBase64_ThrowsNamingTheKey()
    {
        var exception = Assert.Throws<ArgumentException>(() => new AcsRequestSigner("not base64!"));

        Assert.Equal("accessKey", exception.ParamName);
    }

    private static async Task<HttpRequestMessage> SendAsync(HttpMethod method, string uri, string? body)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero));
        using var signer = new AcsRequestSigner(Key);
        var capture = new CapturingHandler();
        using var client = new HttpClient(new AcsHmacAuthenticationHandler(signer, time) { InnerHandler = capture });
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return capture.Request!;
    }

    private static string Header(HttpRequestMessage request, string name) => string.Join(",", request.Headers.GetValues(name));

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
        }
    }
}
