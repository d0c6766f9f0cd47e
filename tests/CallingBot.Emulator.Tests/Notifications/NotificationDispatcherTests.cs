using System.Collections.Concurrent;
using System.Text;
using CallingBot.Emulator.Hosting;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Emulator.Tests.Notifications;

public sealed class NotificationDispatcherTests
{
    [Fact]
    public async Task Post_BeforeStart_WaitsUntilStartedThenDeliversInOrder()
    {
        using var certificate = TlsCertificateFactory.LoadOrCreate(null, TimeProvider.System);
        await using var receiver = await NotificationReceiver.StartAsync(certificate);
        using var key = SigningKey.LoadOrCreate(null);
        using var client = new HttpClient(TrustingHandlerFactory.Create(certificate, allowAutoRedirect: false));
        var options = new EmulatorOptions { DeliveryRetryDelay = TimeSpan.Zero };
        await using var dispatcher = new NotificationDispatcher(client, new TokenService(key, TimeProvider.System, options), options, TimeProvider.System, NullLogger<NotificationDispatcher>.Instance);
        var delivered = new ConcurrentQueue<(OutgoingNotification Notification, DeliveryResult Result)>();
        var outbox = new CallOutbox("call-1", "chain-1", (notification, result) => delivered.Enqueue((notification, result)));
        var first = Notification(receiver.CallbackUri, """{"n":"first"}""");
        var second = Notification(receiver.CallbackUri, """{"n":"second"}""");
        outbox.Add(first);
        outbox.Add(second);

        dispatcher.Post(outbox);
        var attemptsBeforeStart = dispatcher.Statistics.Attempts;
        var waitingBeforeStart = !outbox.IsEmpty;
        dispatcher.Start();
        await Eventually.UntilAsync(() => delivered.Count == 2, "both notifications delivered after Start");

        Assert.Equal(0, attemptsBeforeStart);
        Assert.True(waitingBeforeStart);
        Assert.True(outbox.IsEmpty);
        Assert.Equal(["""{"n":"first"}""", """{"n":"second"}"""], receiver.Received.Select(r => r.Body));
        Assert.Equal([first, second], delivered.Select(d => d.Notification));
        Assert.All(delivered, d => Assert.Equal(new DeliveryResult(202, 1, null), d.Result));
        Assert.Equal(2, dispatcher.Statistics.Delivered);
    }

    [Fact]
    public async Task Start_AfterDispose_Throws()
    {
        using var key = SigningKey.LoadOrCreate(null);
        using var client = new HttpClient();
        var options = new EmulatorOptions();
        var dispatcher = new NotificationDispatcher(client, new TokenService(key, TimeProvider.System, options), options, TimeProvider.System, NullLogger<NotificationDispatcher>.Instance);

        await dispatcher.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(dispatcher.Start);
    }

    private static OutgoingNotification Notification(Uri target, string body) => new(
        target,
        TestApps.BotAppId,
        TestApps.TenantId,
        Encoding.UTF8.GetBytes(body),
        new TimelineEntry { Sequence = 1, Timestamp = DateTimeOffset.UnixEpoch, Kind = TimelineEntryKind.Notification },
        TimeSpan.Zero,
        Duplicate: false);
}
