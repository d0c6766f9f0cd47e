using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.EndToEnd;

/// <summary>
/// A bot process that dies (killed, not stopped) while it holds established calls, and starts again: the calls the
/// service still has are taken over (or hung up, by configuration) from the records the first process kept, a
/// notification for a call nobody recorded is reconciled the same way, and an operator can end any call of the bot.
/// </summary>
public sealed class RestartRecoveryTests : IAsyncLifetime
{
    private const string AliceId = "8a6d0b1e-0000-4000-8000-0000000a11ce";
    private const string BobId = "8a6d0b1e-0000-4000-8000-000000000b0b";
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(30);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "callingbot-recovery-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = RealModeBot.FreePort();
    private GraphEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await GraphEmulator.StartAsync(new EmulatorOptions { HttpsPort = 0, HttpPort = 0, DataDirectory = null, DefaultTenantId = RealModeBot.TenantId });
        RealModeBot.Register(_emulator, _port);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Established_calls_are_taken_over_after_a_crash_with_their_saved_state_and_end_normally()
    {
        var first = new MenuRouter("first");
        var control = _emulator.Control;
        string[] callIds;
        await using (var crashed = await StartAsync(first))
        {
            callIds = await RingAsync(3);
            await Eventually.UntilAsync(() => callIds.All(id => first.Saved.ContainsKey(id)), "the first process's handlers saved their state", Phase);
            await Eventually.UntilAsync(() => RecordedCalls() == 3, "the first process recorded the three established calls", Phase);

            await crashed.CrashAsync();

            // While no process listens, the caller of one call hangs up: the service ends it without the bot.
            await control.HangUpAsync(callIds[2]);
            await Eventually.WithinAsync(control.WaitForCallStateAsync(callIds[2], "terminated", Phase), "the unheard call ends at the service", Phase);
        }

        var second = new MenuRouter("second");
        await using var restarted = await StartAsync(second);
        await Eventually.WithinAsync(restarted.Lifecycle.Recovery, "the restarted process reconciles the recorded calls", Phase);
        await Eventually.UntilAsync(() => second.Adopted.Count == 2 && callIds[..2].All(id => second.Handlers.TryGetValue(id, out var h) && h.StateSeenOnAdoption is not null), "the router and the new handlers take the two live calls over", Phase);

        Assert.Equal(2, restarted.Manager.ActiveCallCount);
        foreach (var callId in callIds[..2])
        {
            var adopted = second.Adopted[callId];
            Assert.Equal(AdoptionReason.Restart, adopted.Reason);
            Assert.Equal(CallDirection.Incoming, adopted.Direction);
            Assert.Equal(typeof(MenuHandler).FullName, adopted.PreviousHandler);
            Assert.Equal("main-menu", adopted.SavedState["step"]);
            Assert.Equal("first", adopted.SavedState["answeredBy"]);
            Assert.Equal("main-menu", second.Handlers[callId].StateSeenOnAdoption!["step"]);
            Assert.False(second.Handlers[callId].Established, "an adopted handler gets OnAdoptedAsync, not OnEstablishedAsync");
        }

        Assert.False(second.Adopted.ContainsKey(callIds[2]), "a call that ended while the bot was down is not taken over");
        await Eventually.UntilAsync(() => RecordedCalls() == 2, "the record of the call that ended meanwhile is dropped", Phase);

        // The adopted call is the bot's again: its notifications reach the new handler, keepAlive resumes.
        await control.JoinParticipantAsync(callIds[0], BobId, "Bob");
        await Eventually.UntilAsync(() => second.Handlers[callIds[0]].Joined.Contains("Bob"), "a participant joining the adopted call reaches its new handler", Phase);
        await Eventually.WithinAsync(
            control.WaitForTimelineEntryAsync(callIds[1], e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/keepAlive", StringComparison.Ordinal), "a keepAlive from the restarted process", Phase),
            "the restarted process keeps the adopted call alive",
            Phase);

        foreach (var callId in callIds[..2])
        {
            await control.HangUpAsync(callId);
        }

        await Eventually.UntilAsync(() => restarted.Manager.ActiveCallCount == 0, "the adopted calls end on the remote hang-up", Phase);
        await Eventually.UntilAsync(() => RecordedCalls() == 0, "the ended calls' records are removed", Phase);
        var history = restarted.Services.GetRequiredService<ICallHistory>().Recent(10);
        Assert.All(callIds[..2], id => Assert.Contains(history, r => r.CallId == id && r.Outcome == "adopted" && r.Termination!.Code == 200));
        Assert.All(callIds[..2], id => Assert.Contains(CallTermination.Normal.Code, second.Handlers[id].Terminations));
    }

    [Fact]
    public async Task With_OnRestart_HangUp_the_calls_held_before_a_crash_are_hung_up_and_kept_in_history()
    {
        var first = new MenuRouter("first");
        string[] callIds;
        await using (var crashed = await StartAsync(first))
        {
            callIds = await RingAsync(2);
            await Eventually.UntilAsync(() => RecordedCalls() == 2, "the first process recorded the established calls", Phase);
            await crashed.CrashAsync();
        }

        var second = new MenuRouter("second");
        await using var restarted = await StartAsync(second, new() { ["CallingBot:Recovery:OnRestart"] = "HangUp" });
        await Eventually.WithinAsync(restarted.Lifecycle.Recovery, "the restarted process reconciles the recorded calls", Phase);

        foreach (var callId in callIds)
        {
            await Eventually.WithinAsync(_emulator.Control.WaitForCallStateAsync(callId, "terminated", Phase), $"call {callId} is hung up by the restarted process", Phase);
        }

        Assert.Empty(second.Adopted);
        Assert.Equal(0, restarted.Manager.ActiveCallCount);
        await Eventually.UntilAsync(() => RecordedCalls() == 0, "the hung-up calls' records are removed", Phase);
        var history = restarted.Services.GetRequiredService<ICallHistory>().Recent(10);
        Assert.All(callIds, id => Assert.Contains(history, r => r.CallId == id && r.Outcome == "hung-up-on-recovery"));
    }

    [Fact]
    public async Task A_notification_for_a_call_no_record_names_makes_the_bot_take_the_call_over()
    {
        var first = new MenuRouter("first");
        string callId;
        await using (var crashed = await StartAsync(first))
        {
            callId = (await RingAsync(1))[0];
            await Eventually.UntilAsync(() => RecordedCalls() == 1, "the first process recorded the call", Phase);
            await crashed.CrashAsync();
        }

        // The records are lost with the machine's disk.
        Directory.Delete(_directory, recursive: true);

        var second = new MenuRouter("second");
        await using var restarted = await StartAsync(second);
        await Eventually.WithinAsync(restarted.Lifecycle.Recovery, "the restarted process finds nothing to reconcile", Phase);
        Assert.Equal(0, restarted.Manager.ActiveCallCount);

        await _emulator.Control.JoinParticipantAsync(callId, BobId, "Bob");
        await Eventually.UntilAsync(() => second.Adopted.ContainsKey(callId), "the notification for the unrecorded call makes the bot take it over", Phase);
        var adopted = second.Adopted[callId];
        Assert.Equal(AdoptionReason.Unrecorded, adopted.Reason);
        Assert.Empty(adopted.SavedState);
        Assert.Null(adopted.CreatedAt);

        await _emulator.Control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => second.Handlers[callId].Terminations.Count == 1, "the taken-over call ends on the remote hang-up", Phase);
    }

    [Fact]
    public async Task An_operator_ends_a_call_the_bot_does_not_hold_through_the_call_manager_and_an_unknown_id_is_not_found()
    {
        var first = new MenuRouter("first");
        string callId;
        await using (var crashed = await StartAsync(first))
        {
            callId = (await RingAsync(1))[0];
            await Eventually.UntilAsync(() => RecordedCalls() == 1, "the first process recorded the call", Phase);
            await crashed.CrashAsync();
        }

        var second = new MenuRouter("second");
        await using var restarted = await StartAsync(second, new() { ["CallingBot:Recovery:Enabled"] = "false" });
        Assert.Equal(0, restarted.Manager.ActiveCallCount);

        Assert.True(await restarted.Manager.EndCallAsync(callId, tenantId: null, CancellationToken.None));
        await Eventually.WithinAsync(_emulator.Control.WaitForCallStateAsync(callId, "terminated", Phase), "the call left behind is hung up", Phase);
        Assert.Empty(second.Adopted);

        Assert.False(await restarted.Manager.EndCallAsync(callId, tenantId: null, CancellationToken.None), "an ended call is not found again");
        Assert.False(await restarted.Manager.EndCallAsync(Guid.NewGuid().ToString(), tenantId: null, CancellationToken.None), "a call the service never had is not found");
    }

    [Fact]
    public async Task Delete_over_the_api_ends_a_call_left_behind_by_a_crashed_process_and_answers_404_for_one_nobody_has()
    {
        string callId;
        await using (var crashed = await StartAsync(new MenuRouter("first")))
        {
            callId = (await RingAsync(1))[0];
            await crashed.CrashAsync();
        }

        using var issuer = new TestTokenIssuer();
        await using var authority = await TestOpenIdServer.StartAsync(issuer, _emulator.TlsCertificate);
        var second = new MenuRouter("second");
        await using var restarted = await StartAsync(
            second,
            new() { ["CallingBot:Recovery:Enabled"] = "false", ["CallingBot:Api:Authority"] = authority.BaseAddress.AbsoluteUri },
            services => services.AddHttpClient(CallingBot.AspNetCore.ApiAccess.ApiAuthorization.MetadataHttpClient).ConfigurePrimaryHttpMessageHandler(_emulator.CreateTrustingHandler));
        using var client = new HttpClient(_emulator.CreateTrustingHandler()) { BaseAddress = new Uri($"https://127.0.0.1:{_port}") };
        var now = DateTimeOffset.UtcNow;
        var token = issuer.Sign(new Dictionary<string, object>
        {
            ["aud"] = $"api://{RealModeBot.AppId}",
            ["iss"] = authority.BaseAddress.AbsoluteUri,
            ["tid"] = RealModeBot.TenantId,
            ["sub"] = "operator",
            ["azp"] = "7e5a1c2b-0000-4000-8000-0000000000ff",
            ["roles"] = new[] { CallingBot.AspNetCore.ApiAccess.ApiSecurityOptions.DefaultPermission },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["ver"] = "2.0",
        });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var ended = await client.DeleteAsync($"/api/v1/calls/{callId}");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, ended.StatusCode);
        await Eventually.WithinAsync(_emulator.Control.WaitForCallStateAsync(callId, "terminated", Phase), "the call left behind is hung up", Phase);

        using var again = await client.DeleteAsync($"/api/v1/calls/{callId}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, again.StatusCode);
        using var unknown = await client.DeleteAsync($"/api/v1/calls/{Guid.NewGuid()}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(second.Adopted);
    }

    private Task<RealModeBot> StartAsync(MenuRouter router, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["CallingBot:Recovery:Directory"] = _directory,
            ["CallingBot:Calls:KeepAliveInterval"] = "00:00:01",
            ["CallingBot:Graph:Resilience:BaseDelay"] = "00:00:00.005",
            ["CallingBot:Graph:Resilience:MaxDelay"] = "00:00:00.020",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        return RealModeBot.StartAsync(_emulator, _port, router, values, services);
    }

    private async Task<string[]> RingAsync(int count)
    {
        var callIds = new string[count];
        for (var i = 0; i < count; i++)
        {
            callIds[i] = await _emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = RealModeBot.AppId, FromUserId = AliceId, FromDisplayName = "Alice" });
            await Eventually.WithinAsync(_emulator.Control.WaitForCallStateAsync(callIds[i], "established", Phase), $"call {i} is answered and established", Phase);
        }

        return callIds;
    }

    /// <summary>Calls with a live record in the recovery journal (read as an operator would, beside the running bot).</summary>
    private int RecordedCalls()
    {
        var journal = Path.Combine(_directory, "live-calls.journal");
        if (!File.Exists(journal))
        {
            return 0;
        }

        using var stream = new FileStream(journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        var live = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // The last piece follows the last newline: empty, or a line the bot is still writing.
        foreach (var line in lines[..^1])
        {
            using var entry = System.Text.Json.JsonDocument.Parse(line);
            if (entry.RootElement.TryGetProperty("save", out var record))
            {
                live.Add(record.GetProperty("callId").GetString()!);
            }
            else
            {
                live.Remove(entry.RootElement.GetProperty("remove").GetString()!);
            }
        }

        return live.Count;
    }

    private sealed class MenuRouter(string name) : IIncomingCallRouter
    {
        public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Saved { get; } = new();

        public ConcurrentDictionary<string, AdoptedCallInfo> Adopted { get; } = new();

        public ConcurrentDictionary<string, MenuHandler> Handlers { get; } = new();

        public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
            ValueTask.FromResult(CallDecision.Answer(Handlers.GetOrAdd(call.CallId, _ => new MenuHandler(this, name))));

        public ValueTask<CallHandler?> AdoptAsync(AdoptedCallInfo call, CancellationToken cancellationToken)
        {
            Adopted[call.CallId] = call;
            return ValueTask.FromResult<CallHandler?>(Handlers.GetOrAdd(call.CallId, _ => new MenuHandler(this, name)));
        }
    }

    private sealed class MenuHandler(MenuRouter router, string name) : CallHandler
    {
        public bool Established { get; private set; }

        public IReadOnlyDictionary<string, string>? StateSeenOnAdoption { get; private set; }

        public ConcurrentQueue<string> Joined { get; } = new();

        public ConcurrentQueue<int> Terminations { get; } = new();

        public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            Established = true;
            var state = new Dictionary<string, string> { ["step"] = "main-menu", ["answeredBy"] = name };
            await call.SaveStateAsync(state, cancellationToken);
            router.Saved[call.CallId] = call.SavedState;
        }

        public override Task OnAdoptedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            StateSeenOnAdoption = call.SavedState;
            return Task.CompletedTask;
        }

        public override Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
        {
            Joined.Enqueue(participant.Identity.DisplayName ?? participant.Id);
            return Task.CompletedTask;
        }

        public override Task OnTerminatedAsync(ICallContext call, CallTermination termination, CancellationToken cancellationToken)
        {
            Terminations.Enqueue(termination.Code);
            return Task.CompletedTask;
        }
    }
}
