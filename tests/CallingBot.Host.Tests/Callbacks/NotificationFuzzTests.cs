using System.Net;
using System.Text;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Host.Security;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Host.Tests.Security;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// Thousands of mutated, validly signed notifications against the real host: every answer is a client error or an
/// acceptance (never a server error), the process stays healthy, and a genuine call still goes through afterwards.
/// </summary>
public sealed class NotificationFuzzTests
{
    private const int Mutations = 3000;

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e999", "\"\\u0000\"", "\"\\ud800\"", "{\"@odata.type\":1}",
        "\"deleted\"", "\"created\"", "\"/communications/calls/\"", "[[[[[[", "\"" + new string('z', 5000) + "\"",
    ];

    [Fact]
    public async Task Callback_ThousandsOfMutatedNotifications_NeverFailsAndStaysHealthy()
    {
        using var issuer = new TestTokenIssuer();
        var handler = new RecordingHandler();
        var router = new DelegateRouter(_ => CallDecision.Answer(handler));
        await using var bot = await BotHost.StartAsync(router, services: s => s
            .AddHttpClient(CallbackTokenValidator.MetadataHttpClient)
            .AddHttpMessageHandler(() => new JwksAugmentingHandler(issuer)));
        using var client = bot.CreateClient();
        var tenant = bot.Local.Options.TenantId;
        var token = issuer.Sign(TestTokenIssuer.ValidClaims(bot.AppId, bot.Emulator.GetIssuer(tenant), tenant, DateTimeOffset.UtcNow));
        var seeds = Seeds();
        var random = new Random(20240611);
        var statuses = new Dictionary<HttpStatusCode, int>();

        for (var i = 0; i < Mutations; i++)
        {
            var body = Mutate(seeds[random.Next(seeds.Length)], random);
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calling") { Content = content };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

            using var response = await client.SendAsync(request);

            Assert.True((int)response.StatusCode < 500, $"mutation {i} got {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }

        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 0, "some mutations are malformed");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.Accepted) > 0, "some mutations are well formed");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        var control = bot.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698" });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, "established"), "a genuine call is established after the fuzzing");
        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId) is null, "the genuine call ends");
    }

    private static string[] Seeds()
    {
        static string Call(string id, string change, string state, string extra = "") =>
            HostileCallbackCases.Envelope(change, $"/communications/calls/{id}", $$"""{"@odata.type":"#microsoft.graph.call","id":"{{id}}","state":"{{state}}","direction":"incoming"{{extra}}}""");
        var id = "4f1a0b00-7a3c-4e5d-9f10-aa0011223344";
        return
        [
            Call(id, "updated", "established"),
            Call(id, "deleted", "terminated", ""","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":5001,"message":"bye"}"""),
            Call(id, "updated", "established", ""","toneInfo":{"@odata.type":"#microsoft.graph.toneInfo","tone":"tone5","sequenceId":1}"""),
            HostileCallbackCases.Envelope("updated", $"/communications/calls/{id}/participants", """[{"@odata.type":"#microsoft.graph.participant","id":"p1","info":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u1","displayName":"U"}}},"isMuted":false,"isInLobby":false}]"""),
            HostileCallbackCases.Envelope("updated", $"/communications/calls/{id}/operations/op1", """{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op1","status":"completed","clientContext":"c1"}"""),
        ];
    }

    private static byte[] Mutate(string seed, Random random)
    {
        var text = new StringBuilder(seed);
        var operations = random.Next(1, 4);
        for (var i = 0; i < operations && text.Length > 0; i++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(6))
            {
                case 0:
                    text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2:
                    text[at] = (char)random.Next(32, 127);
                    break;
                case 3:
                    var length = Math.Min(random.Next(1, 40), text.Length - at);
                    text.Insert(at, text.ToString(at, length));
                    break;
                case 4:
                    text.Length = at;
                    break;
                default:
                    ReplaceValue(text, random);
                    break;
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Replaces the value after a random property name with another JSON value, keeping the text mostly valid.</summary>
    private static void ReplaceValue(StringBuilder text, Random random)
    {
        var value = text.ToString();
        var colons = Enumerable.Range(0, value.Length).Where(i => value[i] == ':' && i > 0 && value[i - 1] == '"').ToArray();
        if (colons.Length == 0)
        {
            return;
        }

        var start = colons[random.Next(colons.Length)] + 1;
        var end = start;
        while (end < value.Length && value[end] is not (',' or '}' or ']'))
        {
            end++;
        }

        string[] replacements = ["null", "0", "\"\"", "[]", "{}", "\"x\"", "-99999999999999999999", "[{}]", "{\"a\":[1,{}]}", "\"#microsoft.graph.call\""];
        text.Remove(start, end - start).Insert(start, replacements[random.Next(replacements.Length)]);
    }
}
