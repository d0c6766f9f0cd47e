using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Faults;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing;

namespace CallingBot.Emulator.Tests.Faults;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Answer_RuleWithStatusOnce_Returns503WithRetryAfterThenAnswers()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var chaos = new ChaosOptions { Faults = new FaultOptions { Requests = [new GraphFault { Operations = ["answer"], Statuses = [503], RetryAfter = TimeSpan.FromMilliseconds(1500), Times = 1 }] } };
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, Chaos = chaos });

        using var first = await SendAsync(environment, HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", Answer(environment));
        var error = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        using var second = await SendAsync(environment, HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", Answer(environment));
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);
        var timeline = environment.Emulator.Control.GetTimeline(callId).ToList();

        Assert.Equal(503, (int)first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter?.Delta);
        Assert.Equal("ServiceUnavailable", error["error"]!["code"]!.GetValue<string>());
        Assert.Equal(202, (int)second.StatusCode);
        Assert.Contains(timeline, e => e.Kind == TimelineEntryKind.Event && e.Description!.Contains("answered 503", StringComparison.Ordinal));
        Assert.Equal([503, 202], timeline.Where(e => e.Kind == TimelineEntryKind.Request).Select(e => e.StatusCode!.Value));
    }

    [Fact]
    public async Task Rule_ForOtherOperation_LeavesAnswerAlone()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var chaos = new ChaosOptions { Faults = new FaultOptions { Requests = [new GraphFault { Operations = ["deleteCall"], Statuses = [500] }] } };
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, Chaos = chaos });

        using var answer = await SendAsync(environment, HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", Answer(environment));
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);
        using var delete = await SendAsync(environment, HttpMethod.Delete, $"v1.0/communications/calls/{callId}");

        Assert.Equal(202, (int)answer.StatusCode);
        Assert.Equal(500, (int)delete.StatusCode);
        Assert.Null(delete.Headers.RetryAfter);
        Assert.Equal(CallStates.Established, environment.Emulator.Control.GetCall(callId)!.State);
    }

    [Fact]
    public async Task CreateCall_DefaultChaosThrottles_Returns429ThenCreates()
    {
        await using var environment = await TestEnvironment.StartAsync();
        environment.Emulator.Control.DefaultChaos = new ChaosOptions { Faults = new FaultOptions { Requests = [new GraphFault { Operations = ["createCall"], Statuses = [429], RetryAfter = TimeSpan.FromSeconds(3), Times = 1 }] } };

        using var throttled = await SendAsync(environment, HttpMethod.Post, "v1.0/communications/calls", Calls.CreateCallApiTests.PeerToPeer(environment, TestApps.CallerUserId));
        using var created = await SendAsync(environment, HttpMethod.Post, "v1.0/communications/calls", Calls.CreateCallApiTests.PeerToPeer(environment, TestApps.CallerUserId));

        Assert.Equal(429, (int)throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(201, (int)created.StatusCode);
        Assert.Single(environment.Emulator.Control.ListCalls());
    }

    [Fact]
    public async Task Drop_ClosesTheConnectionWithoutAnsweringAndRecordsIt()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var chaos = new ChaosOptions { Faults = new FaultOptions { Requests = [new GraphFault { Operations = ["answer"], Drop = true, Times = 1 }] } };
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, Chaos = chaos });

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(environment, HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", Answer(environment)));

        Assert.Equal(CallStates.Incoming, environment.Emulator.Control.GetCall(callId)!.State);
        Assert.Contains(environment.Emulator.Control.GetTimeline(callId).ToList(), e => e.Kind == TimelineEntryKind.Event && e.Description!.Contains("dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delay_HoldsTheResponseUntilTheEmulatorClockAdvances()
    {
        var time = new TimerCountingTimeProvider(TestTime.Start);
        await using var environment = await TestEnvironment.StartAsync(time: time);
        var chaos = new ChaosOptions { Faults = new FaultOptions { Requests = [new GraphFault { Operations = ["answer"], Delay = TimeSpan.FromSeconds(5) }] } };
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, Chaos = chaos });
        var armed = time.ArmedTimerCount;

        var answer = SendAsync(environment, HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", Answer(environment));
        await Eventually.UntilAsync(() => time.ArmedTimerCount > armed, "fault delay armed");
        var stateWhileHeld = environment.Emulator.Control.GetCall(callId)!.State;
        time.Advance(TimeSpan.FromSeconds(5));
        using var response = await answer;

        Assert.False(answer.IsFaulted);
        Assert.Equal(CallStates.Incoming, stateWhileHeld);
        Assert.Equal(202, (int)response.StatusCode);
    }

    [Fact]
    public async Task Probability_SameSeed_GivesTheSameFaultsInTheSameOrder()
    {
        await using var environment = await TestEnvironment.StartAsync();

        async Task<List<int>> RunAsync()
        {
            environment.Emulator.Control.DefaultChaos = new ChaosOptions { Faults = new FaultOptions { Seed = 42, Requests = [new GraphFault { Operations = ["getCall"], Probability = 0.3, Statuses = [429, 500, 503] }] } };
            var statuses = new List<int>();
            for (var i = 0; i < 40; i++)
            {
                using var response = await SendAsync(environment, HttpMethod.Get, $"v1.0/communications/calls/{Guid.NewGuid()}");
                statuses.Add((int)response.StatusCode);
            }

            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(404, first);
        Assert.True(first.Count(s => s != 404) is >= 4 and <= 24, $"about 30% of 40 requests faulted: {string.Join(",", first)}");
        Assert.All(first, s => Assert.Contains(s, new[] { 404, 429, 500, 503 }));
        Assert.True(first.Distinct().Count() >= 3, "several fault statuses were picked");
    }

    [Fact]
    public async Task DeliveryFailures_AreRetriedByTheDeliveryPolicy()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var chaos = new ChaosOptions { Faults = new FaultOptions { DeliveryFailureProbability = 1, DeliveryFailures = 2 } };

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, Chaos = chaos });
        var entry = await environment.Emulator.Control.WaitForTimelineEntryAsync(callId, e => e.CompletedAt is not null, "a completed delivery");

        Assert.Equal(202, entry.StatusCode);
        Assert.Equal(3, entry.Attempts);
        Assert.Single(environment.Receiver.Received);
    }

    [Fact]
    public async Task DeliveryFailures_BeyondMaxAttempts_GiveUp()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.MaxDeliveryAttempts = 2);
        var chaos = new ChaosOptions { Faults = new FaultOptions { DeliveryFailureProbability = 1 } };

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, Chaos = chaos });
        var entry = await environment.Emulator.Control.WaitForTimelineEntryAsync(callId, e => e.CompletedAt is not null, "a given-up delivery");

        Assert.Equal(0, entry.StatusCode ?? 0);
        Assert.Equal(2, entry.Attempts);
        Assert.Empty(environment.Receiver.Received);
        Assert.Equal(1, environment.Emulator.Control.Statistics.Failed);
    }

    [Fact]
    public async Task PutChaos_InvalidFault_Returns400NamingTheSetting()
    {
        await using var environment = await TestEnvironment.StartAsync();

        using var response = await environment.Http.PutAsJsonAsync("emulator/chaos", new { faults = new { requests = new[] { new { operations = new[] { "answer", "dance" }, statuses = new[] { 404 } } } } });
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("chaos:Faults:Requests:0:Operations: 'dance'", message, StringComparison.Ordinal);
        Assert.Contains("chaos:Faults:Requests:0:Statuses: 404", message, StringComparison.Ordinal);
        Assert.Empty(environment.Emulator.Control.DefaultChaos.Faults.Requests);
    }

    [Fact]
    public async Task PutChaos_ValidFaults_RoundTripsThroughGet()
    {
        await using var environment = await TestEnvironment.StartAsync();

        using var put = await environment.Http.PutAsJsonAsync("emulator/chaos", new { faults = new { seed = 7, requests = new[] { new { operations = new[] { "answer" }, probability = 0.3, statuses = new[] { 429, 503 }, retryAfter = "00:00:01" } } } });
        var chaos = JsonNode.Parse(await environment.Http.GetStringAsync("emulator/chaos"))!;

        Assert.Equal(200, (int)put.StatusCode);
        Assert.Equal(7, chaos["faults"]!["seed"]!.GetValue<int>());
        Assert.Equal(0.3, chaos["faults"]!["requests"]![0]!["probability"]!.GetValue<double>());
        Assert.Equal([429, 503], environment.Emulator.Control.DefaultChaos.Faults.Requests[0].Statuses);
    }

    [Fact]
    public void Options_InvalidChaos_ErrorsNameTheSetting()
    {
        var options = new EmulatorOptions
        {
            Chaos = new ChaosOptions { Faults = new FaultOptions { DeliveryFailureProbability = 2, Requests = [new GraphFault { Probability = -1, Statuses = [503], Drop = true }, new GraphFault()] } },
        };

        var errors = options.Validate();

        Assert.Contains("Emulator:Chaos:Faults:DeliveryFailureProbability must be between 0 and 1.", errors);
        Assert.Contains("Emulator:Chaos:Faults:Requests:0:Probability must be between 0 and 1.", errors);
        Assert.Contains("Emulator:Chaos:Faults:Requests:0: Drop and Statuses exclude each other.", errors);
        Assert.Contains("Emulator:Chaos:Faults:Requests:1 does nothing: set Statuses, Drop or a positive Delay.", errors);
    }

    [Fact]
    public async Task Options_Chaos_IsTheDefaultForNewCalls()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Chaos = new ChaosOptions { Faults = new FaultOptions { Requests = [new GraphFault { Operations = ["reject"], Statuses = [502] }] } });
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        using var reject = await SendAsync(environment, HttpMethod.Post, $"v1.0/communications/calls/{callId}/reject", new JsonObject { ["reason"] = "busy" });

        Assert.Equal(502, (int)reject.StatusCode);
        Assert.Equal(CallStates.Incoming, environment.Emulator.Control.GetCall(callId)!.State);
    }

    private static JsonObject Answer(TestEnvironment environment) => new()
    {
        ["callbackUri"] = environment.Receiver.CallbackUri.ToString(),
        ["acceptedModalities"] = new JsonArray("audio"),
        ["mediaConfig"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" },
    };

    private static async Task<HttpResponseMessage> SendAsync(TestEnvironment environment, HttpMethod method, string path, JsonObject? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await environment.GetTokenAsync());
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await environment.Http.SendAsync(request);
    }
}
