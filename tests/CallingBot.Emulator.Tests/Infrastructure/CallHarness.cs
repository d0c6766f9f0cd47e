using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Infrastructure;

/// <summary>
/// A call registry on its own, without listeners, on a manual clock. Its dispatcher is never started, so every
/// notification stays queued (and shows on the call's timeline) and nothing is sent.
/// </summary>
internal sealed class CallHarness : IAsyncDisposable
{
    private readonly SigningKey _key = SigningKey.LoadOrCreate(null);
    private readonly HttpClient _http = new();

    public CallHarness()
    {
        Options = new EmulatorOptions { DefaultTenantId = TestApps.TenantId };
        Dispatcher = new NotificationDispatcher(_http, new TokenService(_key, Time, Options), Options, Time, NullLogger<NotificationDispatcher>.Instance);
        var apps = new ApplicationRegistry(false, NullLogger<ApplicationRegistry>.Instance);
        apps.Register(TestApps.Bot(new Uri("https://127.0.0.1:9/api/calling")), replace: false);
        Registry = new CallRegistry(Options, Time, Dispatcher, apps, new DirectoryService(Options), NullLogger<CallRegistry>.Instance);
        Placer = new IncomingCallPlacer(Registry);
    }

    public FakeTimeProvider Time { get; } = new(TestTime.Start);

    public EmulatorOptions Options { get; }

    public NotificationDispatcher Dispatcher { get; }

    public CallRegistry Registry { get; }

    public IncomingCallPlacer Placer { get; }

    /// <summary>An answer with service-hosted media and audio, as the SDK sends it.</summary>
    public static AnswerSettings ServiceHostedAnswer() =>
        new(["audio"], new JsonObject { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" }, null, null, false, false, 0);

    public EmulatedCall PlaceIncomingCall() => Registry.Find(Placer.Place(new IncomingCallRequest { AppId = TestApps.BotAppId }))!;

    public EmulatedCall PlaceEstablishedCall()
    {
        var call = PlaceIncomingCall();
        call.Answering.Answer(ServiceHostedAnswer());
        call.Answering.Establish();
        return call;
    }

    /// <summary>The descriptions of the notifications queued for the call, oldest first (e.g. "updated /communications/calls/{id} (established)").</summary>
    public static List<string> Notifications(EmulatedCall call) =>
        call.Timeline().Where(e => e.Kind == TimelineEntryKind.Notification).Select(e => e.Description!).ToList();

    public async ValueTask DisposeAsync()
    {
        Registry.Dispose();
        await Dispatcher.DisposeAsync();
        _http.Dispose();
        _key.Dispose();
    }
}
