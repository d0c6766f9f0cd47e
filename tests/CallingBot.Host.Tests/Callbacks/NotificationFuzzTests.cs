using System.Net;
using System.Text;
using CallingBot.Core.Calls;
using CallingBot.Core.Registry;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// Thousands of mutated, validly signed notifications against the real host: every answer is a client error or an
/// acceptance (never a server error), the process stays healthy, a genuine call still goes through afterwards, the
/// bot holds no call the emulator does not know as live, and managed memory stays bounded. Runs alone (it measures
/// the process's memory).
/// </summary>
[Collection(MemoryCollection.Name)]
public sealed class NotificationFuzzTests
{
    private const int Mutations = 3000;

    /// <summary>
    /// Managed memory the whole run may add. It retains a few MB (the SDK's backlog of notifications for calls it does
    /// not hold, replay digests); a copy of every body kept would exceed it.
    /// </summary>
    private const long MaxGrowthBytes = 32 * 1024 * 1024;

    /// <summary>Managed memory the second half of the run may add on top of the first: the retained state has plateaued.</summary>
    private const long MaxSecondHalfGrowthBytes = 4 * 1024 * 1024;

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

        // Warm up (JIT, SDK serializer caches) with a genuine-looking notification before measuring memory.
        using (var warmUp = await PostAsync(client, token, Encoding.UTF8.GetBytes(seeds[0])))
        {
            Assert.Equal(HttpStatusCode.Accepted, warmUp.StatusCode);
        }

        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var memoryAtHalf = 0L;
        for (var i = 0; i < Mutations; i++)
        {
            var body = Mutate(seeds[random.Next(seeds.Length)], random);

            using var response = await PostAsync(client, token, body);

            Assert.True((int)response.StatusCode < 500, $"mutation {i} got {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (i == (Mutations / 2) - 1)
            {
                memoryAtHalf = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 0, "some mutations are malformed");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.Accepted) > 0, "some mutations are well formed");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.True(memoryAfter - memoryBefore < MaxGrowthBytes, $"managed memory grew by {memoryAfter - memoryBefore} bytes over the run");
        Assert.True(memoryAfter - memoryAtHalf < MaxSecondHalfGrowthBytes, $"managed memory grew by {memoryAfter - memoryAtHalf} bytes over the second half");

        var control = bot.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698" });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, "established"), "a genuine call is established after the fuzzing");
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)?.State == CallState.Established, "the bot sees the genuine call established");
        await AssertConsistentAsync(bot, "with the genuine call live");

        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId) is null, "the genuine call ends");
        await AssertConsistentAsync(bot, "after the genuine call ended");
        Assert.DoesNotContain(bot.Emulator.Control.ListCalls(), c => c.EndedAt is null);
    }

    /// <summary>
    /// The bot and the emulator agree: every call the emulator holds live for this bot is in the call manager, and
    /// every call in the manager is live in the emulator, once the notifications in flight are processed.
    /// </summary>
    /// <remarks>
    /// A forged <c>created</c> notification (a validly signed one naming a call the service never placed) is answered
    /// by the service with 404, which drops the call at once, so no call may be left in any state, and the call
    /// registry holds exactly the calls the manager holds.
    /// </remarks>
    private static async Task AssertConsistentAsync(BotHost bot, string phase)
    {
        string? Disagreement()
        {
            var emulatorLive = bot.Emulator.Control.ListCalls()
                .Where(c => c.EndedAt is null && c.AppId == bot.AppId)
                .Select(c => c.Id)
                .ToHashSet(StringComparer.Ordinal);
            var botCalls = bot.Manager.ListCalls();
            var unknownToBot = emulatorLive.Where(id => bot.Manager.GetCall(id) is null).ToList();
            var unknownToEmulator = botCalls.Where(c => !emulatorLive.Contains(c.CallId)).Select(c => $"{c.CallId} ({c.State})").ToList();
            var registryLive = bot.Services.GetRequiredService<ICallRegistry>().LiveCount;
            return unknownToBot.Count + unknownToEmulator.Count == 0 && registryLive == botCalls.Count
                ? null
                : $"live in the emulator only: [{string.Join(", ", unknownToBot)}]; in the bot only: [{string.Join(", ", unknownToEmulator)}]; registry live {registryLive}, manager {botCalls.Count}";
        }

        try
        {
            await Eventually.UntilAsync(() => Disagreement() is null, $"bot and emulator agree {phase}");
        }
        catch (TimeoutException)
        {
            // Reported below, naming the calls the two sides disagree on.
        }

        Assert.True(Disagreement() is null, $"{phase}: {Disagreement()}");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string token, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calling") { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await client.SendAsync(request);
    }

    private static string[] Seeds()
    {
        static string Call(string id, string change, string state, string extra = "") =>
            HostileCallbackCases.Envelope(change, $"/communications/calls/{id}", $$"""{"@odata.type":"#microsoft.graph.call","id":"{{id}}","state":"{{state}}","direction":"incoming"{{extra}}}""");
        var id = "4f1a0b00-7a3c-4e5d-9f10-aa0011223344";
        return
        [
            Call(id, "updated", "established"),
            Call(id, "created", "incoming"),
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
