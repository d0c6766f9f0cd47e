using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.AspNetCore.Acs;
using CallingBot.AspNetCore.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Host.Tests.Acs;

/// <summary>The bot's ACS webhooks on a real host in local mode: they authenticate before they read, and bound what they read.</summary>
public sealed class AcsEndpointsTests
{
    private const string ValidationBody = """
        [{"id":"1","topic":"t","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-01-01T00:00:00Z","metadataVersion":"1","dataVersion":"2"}]
        """;

    [Fact]
    public async Task Incoming_ValidationEventForAConfiguredSubscription_EchoesTheCode()
    {
        await using var bot = await StartAsync();
        using var client = bot.CreateClient();

        using var response = await PostIncomingAsync(client, Secret(bot), "CALLINGBOT-LOCAL", "SubscriptionValidation", ValidationBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["validationResponse"]);
    }

    [Fact]
    public async Task Incoming_UnknownSubscription_Refuses403WithoutAnsweringTheHandshake()
    {
        await using var bot = await StartAsync();
        using var client = bot.CreateClient();

        using var response = await PostIncomingAsync(client, Secret(bot), "SOMEONE-ELSES", "SubscriptionValidation", ValidationBody);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("validationResponse", body, StringComparison.Ordinal);
        Assert.Contains("aeg-subscription-name", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incoming_WrongCode_Refuses401BeforeReadingTheBody()
    {
        await using var bot = await StartAsync();
        using var client = bot.CreateClient();

        using var response = await PostIncomingAsync(client, "wrong", "CALLINGBOT-LOCAL", "Notification", "not json at all");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("EventGridSecret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incoming_BodyOverTheLimit_Refuses413()
    {
        await using var bot = await StartAsync(("CallingBot:Acs:MaxEventBodyBytes", "4096"));
        using var client = bot.CreateClient();

        using var response = await PostIncomingAsync(client, Secret(bot), "CALLINGBOT-LOCAL", "Notification", "[" + new string(' ', 5000) + "]");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Callbacks_NoToken_Refuses401BeforeReadingTheBody()
    {
        await using var bot = await StartAsync();
        using var client = bot.CreateClient();

        using var response = await client.PostAsync(AcsEndpoints.CallbacksPath, new StringContent("not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callbacks_TokenSignedByAnotherKey_Refuses401()
    {
        await using var bot = await StartAsync();
        using var client = bot.CreateClient();
        var settings = bot.Services.GetRequiredService<IOptions<AcsEndpointOptions>>().Value;
        using var rsa = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.CallbackTokenIssuer,
            Audience = settings.ResourceId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(5).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "forged" }, SecurityAlgorithms.RsaSha256),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, AcsEndpoints.CallbacksPath) { Content = new StringContent("[]", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<CallingBotTestHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var options = new CallingBotTestHostOptions();
        options.Settings["CallingBot:Acs:SourceUserId"] = "8:acs:endpoint-tests";
        foreach (var (key, value) in settings)
        {
            options.Settings[key] = value;
        }

        return CallingBotTestHost.StartAsync(options);
    }

    private static string Secret(CallingBotTestHost bot) => bot.Services.GetRequiredService<IOptions<AcsEndpointOptions>>().Value.EventGridSecret!;

    private static Task<HttpResponseMessage> PostIncomingAsync(HttpClient client, string code, string subscription, string eventType, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{AcsEndpoints.IncomingPath}?code={Uri.EscapeDataString(code)}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("aeg-subscription-name", subscription);
        request.Headers.TryAddWithoutValidation("aeg-event-type", eventType);
        return client.SendAsync(request);
    }
}
