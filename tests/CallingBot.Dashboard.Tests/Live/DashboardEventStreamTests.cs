using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CallingBot.Dashboard.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Dashboard.Tests.Live;

/// <summary>The live stream over real HTTPS: framing, what it pushes, its heartbeat, its connection cap, and shutdown.</summary>
public sealed class DashboardEventStreamTests
{
    [Fact]
    public async Task Stream_CallRungThroughTheEmulator_SnapshotThenCallEventsUpToTheAnswerAndTheEnd()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = host.CreateClient();
        var cookie = await DashboardHost.SignInAsync(client);
        await using var stream = await SseClient.OpenAsync(client, cookie);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var retry = await stream.ReadAsync("retry");
        Assert.Equal("retry: 3000\n", retry!.Raw);
        var snapshot = await stream.ReadAsync("snapshot");
        Assert.Equal("snapshot", snapshot!.Event);
        Assert.Equal("[]", JsonDocument.Parse(snapshot.Data!).RootElement.GetProperty("calls").GetRawText());

        var callId = await host.RingAsync();

        var answer = await stream.ReadUntilAsync(f => f.Event == "call" && Entry(f, callId)?.GetProperty("label").GetString() == "answer", "the answer request is pushed");
        Assert.Matches("^event: call\ndata: \\{[^\n]*\\}\n$", answer.Raw);
        var entry = Entry(answer, callId)!.Value;
        Assert.Equal(("handler", "graph", "request"), (entry.GetProperty("from").GetString(), entry.GetProperty("to").GetString(), entry.GetProperty("kind").GetString()));
        await stream.ReadUntilAsync(f => f.Event == "call" && Call(f, callId)?.TryGetProperty("state", out var s) == true && s.GetString() == "Established", "the established state is pushed");

        await host.HangUpAsync(callId);

        var ended = await stream.ReadUntilAsync(f => f.Event == "call" && Call(f, callId)?.TryGetProperty("endedAt", out _) == true, "the end is pushed");
        Assert.Equal("Terminated", Call(ended, callId)!.Value.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Stream_Idle_SendsHeartbeatComments()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["CallingBot:Dashboard:HeartbeatInterval"] = "00:00:01" });
        using var client = host.CreateClient();
        var cookie = await DashboardHost.SignInAsync(client);
        await using var stream = await SseClient.OpenAsync(client, cookie);

        var heartbeat = await stream.ReadUntilAsync(f => f.Comment is not null, "a heartbeat", TimeSpan.FromSeconds(10));

        Assert.Equal(": heartbeat\n", heartbeat.Raw);
    }

    [Fact]
    public async Task Stream_MoreConnectionsThanAllowed_503UntilOneCloses()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["CallingBot:Dashboard:MaxConnections"] = "1" });
        using var client = host.CreateClient();
        var cookie = await DashboardHost.SignInAsync(client);
        var first = await SseClient.OpenAsync(client, cookie);
        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);

        await using (var second = await SseClient.OpenAsync(client, cookie))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.Response.StatusCode);
            Assert.Equal("application/problem+json", second.Response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(second.Response.Headers.RetryAfter);
        }

        await first.DisposeAsync();
        await Eventually.UntilAsync(
            async () =>
            {
                await using var again = await SseClient.OpenAsync(client, cookie);
                return again.Response.StatusCode == HttpStatusCode.OK;
            },
            "a connection is accepted once the first closed");
    }

    [Fact]
    public async Task Stream_WithoutASession_401()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/dashboard/events");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Stream_HostStops_EndsWithAShutdownEventWithoutHoldingUpTheStop()
    {
        var host = await DashboardHost.StartAsync();
        await using (host)
        {
            using var client = host.CreateClient();
            var cookie = await DashboardHost.SignInAsync(client);
            await using var stream = await SseClient.OpenAsync(client, cookie);
            await stream.ReadUntilAsync(f => f.Event == "snapshot", "snapshot");

            var watch = Stopwatch.StartNew();
            var stopping = host.StopAsync();
            var shutdown = await stream.ReadUntilAsync(f => f.Event == "shutdown", "the shutdown event");
            await Eventually.WithinAsync(stopping, "the host stops");

            Assert.Equal("{\"reason\":\"stopping\"}", shutdown.Data);
            Assert.Null(await stream.ReadAsync("the end of the stream"));
            // The shutdown timeout here is 17 s (drain 2 s + hang-ups 10 s + grace 5 s): an open stream would hold it.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {watch.Elapsed}");
        }
    }

    private static JsonElement? Call(SseFrame frame, string callId)
    {
        var call = JsonDocument.Parse(frame.Data!).RootElement.GetProperty("call");
        return call.GetProperty("callId").GetString() == callId ? call : null;
    }

    private static JsonElement? Entry(SseFrame frame, string callId) =>
        Call(frame, callId) is not null && JsonDocument.Parse(frame.Data!).RootElement.TryGetProperty("entry", out var entry) ? entry : null;
}
