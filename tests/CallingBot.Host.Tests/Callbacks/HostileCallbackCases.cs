using System.Net;
using System.Text;
using CallingBot.Host.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// The hostile requests. Authentication cases carry a body that would end the live call if it were ever processed;
/// body cases carry a valid token.
/// </summary>
public static partial class HostileCallbackCases
{
    private const string OtherTenant = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";
    private const string Unauthorized = "401";

    public static IReadOnlyDictionary<string, HostileCase> All { get; } = Build();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    public static string Envelope(string changeType, string resourceUrl, string resourceData) =>
        $$"""{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"{{changeType}}","resourceUrl":"{{resourceUrl}}","resourceData":{{resourceData}}}]}""";

    public static string CallData(string id, string state, string type = "#microsoft.graph.call") =>
        $$"""{"@odata.type":"{{type}}","id":"{{id}}","state":"{{state}}","direction":"incoming"}""";

    /// <summary>A genuine-looking notification that ends the live call.</summary>
    public static string EndLiveCall(HostileCallbackFixture f) =>
        Envelope("deleted", $"/communications/calls/{f.LiveCallId}", CallData(f.LiveCallId, "terminated"));

    private static Dictionary<string, HostileCase> Build()
    {
        var cases = new Dictionary<string, HostileCase>(StringComparer.Ordinal);

        void Auth(string name, Func<HostileCallbackFixture, string?> authorization, string reason) =>
            cases.Add(name, new HostileCase(HttpStatusCode.Unauthorized, f => f.PostAsync(authorization(f), EndLiveCall(f)), reason));

        void WithClaims(string name, Action<HostileCallbackFixture, Dictionary<string, object>> change, string reason) =>
            Auth(name, f =>
            {
                var claims = f.ValidClaims();
                change(f, claims);
                return "Bearer " + f.Issuer.Sign(claims);
            }, reason);

        void Body(string name, HttpStatusCode expected, Func<HostileCallbackFixture, byte[]> body, string? contentType = "application/json") =>
            cases.Add(name, new HostileCase(expected, f => f.PostAsync("Bearer " + f.ValidToken(), body(f), contentType)));

        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        // Authorization header.
        Auth("MissingAuthorizationHeader", _ => null, "missing-token");
        Auth("EmptyAuthorizationHeader", _ => string.Empty, "missing-token");
        Auth("BearerWithoutToken", _ => "Bearer ", "missing-token");
        Auth("BasicScheme", _ => "Basic dXNlcjpwYXNzd29yZA==", "wrong-scheme");
        Auth("TokenWithoutScheme", f => f.ValidToken(), "wrong-scheme");
        Auth("GarbageToken", _ => "Bearer not-a-jwt", "malformed-token");
        Auth("EncryptedTokenShape", _ => "Bearer eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d", "malformed-token");
        Auth("OversizedToken", f => "Bearer " + f.ValidToken() + new string('A', 20_000), "token-too-large");
        Auth("TwoAuthorizationHeaders", f => "Bearer " + f.ValidToken() + ", Bearer " + f.ValidToken(), "malformed-token");

        // Algorithm and key.
        Auth("AlgNone", f => "Bearer " + TestTokenIssuer.Raw(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = f.Issuer.Primary.KeyId }, f.ValidClaims()), "algorithm-not-allowed");
        Auth("AlgNoneUppercase", f => "Bearer " + TestTokenIssuer.Raw(new Dictionary<string, object> { ["alg"] = "NONE", ["typ"] = "JWT" }, f.ValidClaims()), "algorithm-not-allowed");
        Auth("Hs256SignedWithPublicKey", f => "Bearer " + TestTokenIssuer.SignHs256WithPublicKey(f.ValidClaims(), f.Issuer.Primary), "algorithm-not-allowed");
        Auth("Rs384NotAllowed", f => "Bearer " + TestTokenIssuer.Sign(f.ValidClaims(), f.Issuer.Primary, SecurityAlgorithms.RsaSha384), "algorithm-not-allowed");
        Auth("UnknownKeyId", f =>
        {
            using var rsa = System.Security.Cryptography.RSA.Create(2048);
            return "Bearer " + TestTokenIssuer.Sign(f.ValidClaims(), new RsaSecurityKey(rsa) { KeyId = "never-published" });
        }, "unknown-signing-key");
        Auth("MissingKeyId", f =>
        {
            using var rsa = System.Security.Cryptography.RSA.Create(2048);
            return "Bearer " + TestTokenIssuer.Sign(f.ValidClaims(), new RsaSecurityKey(rsa));
        }, "missing-key-id");
        Auth("BadSignatureTrustedKeyId", f =>
        {
            using var rsa = System.Security.Cryptography.RSA.Create(2048);
            return "Bearer " + TestTokenIssuer.Sign(f.ValidClaims(), new RsaSecurityKey(rsa) { KeyId = f.Issuer.Primary.KeyId });
        }, "bad-signature");
        Auth("TamperedPayload", f =>
        {
            var parts = f.ValidToken().Split('.');
            var claims = f.ValidClaims();
            claims["exp"] = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
            var forged = TestTokenIssuer.Raw(new { }, claims).Split('.')[1];
            return $"Bearer {parts[0]}.{forged}.{parts[2]}";
        }, "bad-signature");
        Auth("SignatureStripped", f =>
        {
            var parts = f.ValidToken().Split('.');
            return $"Bearer {parts[0]}.{parts[1]}.";
        }, "bad-signature");

        // Lifetime.
        WithClaims("Expired", (_, c) =>
        {
            c["nbf"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
            c["exp"] = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        }, "token-expired");
        WithClaims("ExpiredBeyondClockSkew", (_, c) => c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-3).ToUnixTimeSeconds(), "token-expired");
        WithClaims("NotYetValid", (_, c) => c["nbf"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(), "token-not-yet-valid");
        WithClaims("NoExpiry", (_, c) => c.Remove("exp"), "token-without-expiry");

        // Audience, issuer, tenant, caller.
        WithClaims("WrongAudience", (_, c) => c["aud"] = "11111111-2222-3333-4444-555555555555", "wrong-audience");
        WithClaims("GraphAudience", (_, c) => c["aud"] = "https://graph.microsoft.com", "wrong-audience");
        WithClaims("WrongIssuer", (f, c) => c["iss"] = $"https://login.evil.example/{f.TenantId}/v2.0", "issuer-not-trusted");
        WithClaims("IssuerWithoutTenantSegment", (f, c) => c["iss"] = f.Bot.Emulator.HttpsBaseAddress.AbsoluteUri + "v2.0", "issuer-not-trusted");
        WithClaims("IssuerWithTenantDeeperInPath", (f, c) => c["iss"] = f.Bot.Emulator.HttpsBaseAddress.AbsoluteUri + $"x/{f.TenantId}/v2.0", "issuer-not-trusted");
        WithClaims("IssuerOfAnotherTenant", (f, c) => c["iss"] = f.Bot.Emulator.GetIssuer(OtherTenant), "issuer-not-trusted");
        WithClaims("IssuerOnLookalikeHost", (f, c) => c["iss"] = f.Bot.Emulator.HttpsBaseAddress.AbsoluteUri.TrimEnd('/') + $".evil.example/{f.TenantId}/v2.0", "issuer-not-trusted");
        WithClaims("MissingIssuer", (_, c) => c.Remove("iss"), "issuer-not-trusted");
        WithClaims("MissingTenant", (_, c) => c.Remove("tid"), "missing-tenant");
        WithClaims("TenantNotAGuid", (_, c) => c["tid"] = "common", "missing-tenant");
        WithClaims("TenantAsNumber", (_, c) => c["tid"] = 42, "missing-tenant");
        WithClaims("TokenFromAnotherTenant", (f, c) =>
        {
            c["tid"] = OtherTenant;
            c["iss"] = f.Bot.Emulator.GetIssuer(OtherTenant);
        }, "tenant-not-allowed");
        WithClaims("UntrustedCaller", (_, c) =>
        {
            c["azp"] = "00000000-0000-0000-0000-0000000000aa";
            c["appid"] = "00000000-0000-0000-0000-0000000000aa";
        }, "caller-not-trusted");
        WithClaims("NoCallerClaims", (_, c) =>
        {
            c.Remove("azp");
            c.Remove("appid");
        }, "caller-not-trusted");

        // Body: size, syntax, shape.
        Body("OversizedBodyDeclared", HttpStatusCode.RequestEntityTooLarge, f => Utf8(EndLiveCall(f).Replace("\"resourceData\"", "\"padding\":\"" + new string('x', 1_100_000) + "\",\"resourceData\"", StringComparison.Ordinal)));
        cases.Add("OversizedBodyChunked", new HostileCase(HttpStatusCode.RequestEntityTooLarge, f => f.PostAsync("Bearer " + f.ValidToken(), [], configure: request =>
        {
            // Just over the 1 MiB limit: small enough to sit in loopback socket buffers, so the client finishes sending
            // before the server, having answered 413, closes the connection.
            request.Content = new StreamContent(new MemoryStream(new byte[(1024 * 1024) + 4096]));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TransferEncodingChunked = true;
        })));
        Body("EmptyBody", HttpStatusCode.BadRequest, _ => []);
        Body("TruncatedJson", HttpStatusCode.BadRequest, f => Utf8(EndLiveCall(f)[..^7]));
        Body("DeeplyNestedJson", HttpStatusCode.BadRequest, _ => Utf8("{\"value\":[" + string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)) + "]}"));
        Body("DeeplyNestedObjects", HttpStatusCode.BadRequest, _ => Utf8("{\"value\":[" + string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40) + "]}"));
        Body("HugeArray", HttpStatusCode.BadRequest, f => Utf8(EndLiveCall(f).Replace("\"resourceData\"", "\"padding\":[" + string.Join(',', Enumerable.Repeat("0", 5000)) + "],\"resourceData\"", StringComparison.Ordinal)));
        Body("TooManyNotifications", HttpStatusCode.BadRequest, f =>
        {
            var one = EndLiveCall(f);
            var item = one[(one.IndexOf('[', StringComparison.Ordinal) + 1)..^2];
            return Utf8("{\"value\":[" + string.Join(',', Enumerable.Repeat(item, 101)) + "]}");
        });
        Body("EmptyValueArray", HttpStatusCode.BadRequest, _ => Utf8("{\"value\":[]}"));
        Body("RootIsArray", HttpStatusCode.BadRequest, f => Utf8("[" + EndLiveCall(f) + "]"));
        Body("NoValueProperty", HttpStatusCode.BadRequest, _ => Utf8("{\"values\":[]}"));
        Body("NotJson", HttpStatusCode.BadRequest, _ => Utf8("<xml>changeType=deleted</xml>"));
        Body("InvalidUtf8", HttpStatusCode.BadRequest, f => [.. Utf8(EndLiveCall(f)[..40]), 0xC3, 0x28, .. Utf8(EndLiveCall(f)[40..])]);
        Body("JsonWithComments", HttpStatusCode.BadRequest, f => Utf8("/* hi */" + EndLiveCall(f)));
        Body("TrailingContent", HttpStatusCode.BadRequest, f => Utf8(EndLiveCall(f) + "{}"));
        Body("NotificationNotAnObject", HttpStatusCode.BadRequest, _ => Utf8("{\"value\":[\"deleted\"]}"));
        Body("UnknownChangeType", HttpStatusCode.BadRequest, f => Utf8(EndLiveCall(f).Replace("\"deleted\"", "\"destroyed\"", StringComparison.Ordinal)));
        Body("MissingResourceUrl", HttpStatusCode.BadRequest, f => Utf8(EndLiveCall(f).Replace("\"resourceUrl\"", "\"resourceUri\"", StringComparison.Ordinal)));
        Body("ResourceUrlTraversal", HttpStatusCode.BadRequest, f => Utf8(Envelope("deleted", $"/communications/calls/../calls/{f.LiveCallId}", CallData(f.LiveCallId, "terminated"))));
        Body("ResourceUrlInjectedCharacters", HttpStatusCode.BadRequest, f => Utf8(Envelope("deleted", $"/communications/calls/{f.LiveCallId}%00?x=1", CallData(f.LiveCallId, "terminated"))));
        Body("ResourceUrlOverlongId", HttpStatusCode.BadRequest, _ => Utf8(Envelope("deleted", "/communications/calls/" + new string('a', 300), CallData("a", "terminated"))));
        Body("ResourceDataScalar", HttpStatusCode.BadRequest, f => Utf8(Envelope("deleted", $"/communications/calls/{f.LiveCallId}", "\"terminated\"")));
        Body("ResourceDataArrayOfScalars", HttpStatusCode.BadRequest, f => Utf8(Envelope("updated", $"/communications/calls/{f.LiveCallId}/participants", "[1,2,3]")));
        Body("WrongContentTypeTextPlain", HttpStatusCode.UnsupportedMediaType, f => Utf8(EndLiveCall(f)), "text/plain");
        Body("MissingContentType", HttpStatusCode.UnsupportedMediaType, f => Utf8(EndLiveCall(f)), null);
        Body("JsonLookalikeContentType", HttpStatusCode.UnsupportedMediaType, f => Utf8(EndLiveCall(f)), "application/jsonp");
        Body("Utf16Charset", HttpStatusCode.UnsupportedMediaType, f => Encoding.Unicode.GetBytes(EndLiveCall(f)), "application/json; charset=utf-16");

        // Well-formed but about something the bot must not act on.
        Body("UnknownResourceType", HttpStatusCode.Accepted, f => Utf8(Envelope("deleted", $"/communications/onlineMeetings/{f.LiveCallId}", CallData(f.LiveCallId, "terminated"))));
        Body("UnknownODataType", HttpStatusCode.Accepted, f => Utf8(Envelope("deleted", $"/communications/calls/{f.LiveCallId}", CallData(f.LiveCallId, "terminated", "#evil.call"))));
        Body("UpdateForCallThatDoesNotExist", HttpStatusCode.Accepted, _ =>
        {
            var id = Guid.NewGuid().ToString();
            return Utf8(Envelope("updated", $"/communications/calls/{id}", CallData(id, "established")));
        });
        Body("DeleteForCallThatDoesNotExist", HttpStatusCode.Accepted, _ =>
        {
            var id = Guid.NewGuid().ToString();
            return Utf8(Envelope("deleted", $"/communications/calls/{id}", CallData(id, "terminated")));
        });
        Body("ReplayOfDeletedCallNotification", HttpStatusCode.Accepted, f => Utf8(f.EndedCallDeletedBody));
        Body("ReplayOfEndedCallCreatedNotification", HttpStatusCode.Accepted, f => Utf8(f.EndedCallCreatedBody));
        AddResourceIdentityCases(cases);
        AddDuplicatePropertyCases(cases);
        _ = Unauthorized;
        return cases;
    }
}
