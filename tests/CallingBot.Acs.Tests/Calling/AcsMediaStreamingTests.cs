using System.Text.Json.Nodes;
using CallingBot.Acs.Calling;
using CallingBot.Acs.Configuration;
using CallingBot.Acs.Tests.Infrastructure;
using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Tests.Calling;

/// <summary>
/// App-hosted media on ACS against the emulated resource: the call's media session URL goes out as the
/// mediaStreamingOptions transport URL, the emulator streams AudioMetadata then mixed AudioData (640-byte, 20 ms frames)
/// into the bot's media pipeline, the echo comes back as outbound AudioData, and Start/Stop Media Streaming complete on
/// MediaStreamingStarted / MediaStreamingStopped (MediaStreamingFailed fails them), and a stopped stream starts
/// again on a new pipeline.
/// </summary>
public sealed class AcsMediaStreamingTests
{
    private const string TargetId = "8:acs:target-carol";

    [Fact]
    public async Task CreateCall_AppHostedStartingAtOnce_AudioReachesThePipelineAndTheEchoComesBack()
    {
        await using var setup = await Setup.StartAsync(startAtOnce: true);
        var call = await setup.CreateCallAsync();

        var media = await call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        media.Pipeline.Use(new EchoProcessor(media.Sender)).Start();
        await setup.Environment.Emulator.Control.Media.WaitForMediaAsync(call.CallId, s => s.FramesReceived >= 10, "ten echoed frames back at the emulator");

        Assert.Equal(call.CallId, media.CallId);
        Assert.Equal(640, media.Format.BytesPerFrame);
        Assert.True(media.Statistics.FramesReceived >= 10);
        Assert.Equal(0, media.Statistics.MessagesRejected);
        var options = JsonNode.Parse(setup.Environment.Emulator.AcsControl.FindCall(call.CallId)!.MediaStreamingOptions!)!;
        Assert.StartsWith(setup.Media.BaseAddress.AbsoluteUri + "media/", (string?)options["transportUrl"], StringComparison.Ordinal);
        Assert.Contains("?token=", (string?)options["transportUrl"], StringComparison.Ordinal);
        Assert.Equal("websocket", (string?)options["transportType"]);
        Assert.Equal("audio", (string?)options["contentType"]);
        Assert.Equal("mixed", (string?)options["audioChannelType"]);
        Assert.Equal("pcm16KMono", (string?)options["audioFormat"]);
        Assert.True((bool)options["startMediaStreaming"]!);
        Assert.True((bool)options["enableBidirectional"]!);
        await setup.WaitDeliveredAsync(call, "MediaStreamingStarted");
    }

    [Fact]
    public async Task CreateCall_Unmixed24K_PipelineRunsAt24KHzWithFramesLabelledByTheSpeaker()
    {
        await using var setup = await Setup.StartAsync(startAtOnce: true, configure: o =>
        {
            o.MediaStreamingAudioChannel = AcsAudioChannel.Unmixed;
            o.MediaStreamingAudioFormat = AcsAudioFormat.Pcm24KMono;
        });
        var call = await setup.CreateCallAsync();

        var media = await call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        var speakers = new SpeakerRecorder();
        media.Pipeline.Use(speakers).Use(new EchoProcessor(media.Sender)).Start();
        await setup.Environment.Emulator.Control.Media.WaitForMediaAsync(call.CallId, s => s.FramesReceived >= 10, "ten echoed 24 kHz frames back at the emulator");

        Assert.Equal(24_000, media.Format.SampleRate);
        Assert.Equal(960, media.Format.BytesPerFrame);
        Assert.Equal([TargetId], speakers.Ids);
        Assert.Equal(0, media.Statistics.MessagesRejected);
        var stream = setup.Environment.Emulator.Control.Media.GetStatistics(call.CallId)!;
        Assert.True(stream.Unmixed);
        Assert.Equal(0, stream.UnknownMessagesReceived);
        var options = JsonNode.Parse(setup.Environment.Emulator.AcsControl.FindCall(call.CallId)!.MediaStreamingOptions!)!;
        Assert.Equal("unmixed", (string?)options["audioChannelType"]);
        Assert.Equal("pcm24KMono", (string?)options["audioFormat"]);
    }

    [Fact]
    public async Task StopMediaStreaming_CompletesOnMediaStreamingStopped_AndTheSocketCloses()
    {
        await using var setup = await Setup.StartAsync(startAtOnce: true);
        var call = await setup.CreateCallAsync();
        var media = await call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        await call.StopMediaStreamingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        await Eventually.UntilAsync(() => media.Disconnected.IsCancellationRequested, "the bot's media connection sees the socket close");
        await setup.WaitDeliveredAsync(call, "MediaStreamingStopped");
        var snapshot = setup.Environment.Emulator.AcsControl.FindCall(call.CallId)!;
        var stop = JsonNode.Parse(snapshot.ActionBodies[snapshot.Actions.ToList().IndexOf("stopMediaStreaming")])!;
        Assert.StartsWith(call.CallId + "/", (string?)stop["operationContext"], StringComparison.Ordinal);
        Assert.Equal(setup.Receiver.CallbackUri.AbsoluteUri, (string?)stop["operationCallbackUri"]);
    }

    [Fact]
    public async Task StartMediaStreaming_AfterAStop_AcsConnectsAgainAndTheNewStreamHasItsOwnPipeline()
    {
        await using var setup = await Setup.StartAsync(startAtOnce: true);
        var call = await setup.CreateCallAsync();
        var first = await call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        first.Pipeline.Use(new EchoProcessor(first.Sender)).Start();
        await setup.Environment.Emulator.Control.Media.WaitForMediaAsync(call.CallId, s => s.FramesReceived >= 10, "the first stream's echo");
        await call.StopMediaStreamingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.UntilAsync(() => first.Disconnected.IsCancellationRequested, "the first stream's socket closes");
        var firstFrames = first.Statistics.FramesReceived;

        await call.StartMediaStreamingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        var second = await call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        second.Pipeline.Use(new EchoProcessor(second.Sender)).Start();
        await setup.Environment.Emulator.Control.Media.WaitForMediaAsync(call.CallId, s => s.FramesReceived >= 10, "the second stream's echo");

        Assert.NotSame(first.Pipeline, second.Pipeline);
        Assert.False(second.Disconnected.IsCancellationRequested);
        Assert.Same(second, await call.GetMediaAsync(CancellationToken.None));
        Assert.Equal(["stopMediaStreaming", "startMediaStreaming"], setup.Environment.Emulator.AcsControl.FindCall(call.CallId)!.Actions);
        Assert.True(call.MediaStatistics!.FramesReceived > firstFrames, "the call's statistics count both streams");
    }

    [Fact]
    public async Task StartAndStop_WhenAlreadyInThatState_SendNothing()
    {
        await using var setup = await Setup.StartAsync(startAtOnce: true);
        var call = await setup.CreateCallAsync();
        await call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        await call.StartMediaStreamingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        await call.StopMediaStreamingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        await call.StopMediaStreamingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(["stopMediaStreaming"], setup.Environment.Emulator.AcsControl.FindCall(call.CallId)!.Actions);
    }

    [Fact]
    public async Task GetMediaAsync_AfterAStop_StartsTheStreamAgain()
    {
        await using var setup = await Setup.StartAsync(startAtOnce: true);
        var call = await setup.CreateCallAsync();
        var first = await call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
        await call.StopMediaStreamingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        var second = await call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.NotSame(first, second);
        Assert.True(first.Disconnected.IsCancellationRequested);
        Assert.Equal(["stopMediaStreaming", "startMediaStreaming"], setup.Environment.Emulator.AcsControl.FindCall(call.CallId)!.Actions);
    }

    [Fact]
    public async Task GetMediaAsync_NotStartedAtOnce_SendsStartMediaStreamingAndWaitsForTheSocket()
    {
        await using var setup = await Setup.StartAsync(startAtOnce: false);
        var call = await setup.CreateCallAsync();
        await Eventually.UntilAsync(() => setup.Environment.Emulator.AcsControl.FindCall(call.CallId)!.DeliveredEvents.Contains("Microsoft.Communication.CallConnected"), "CallConnected");
        Assert.Null(setup.Environment.Emulator.Control.Media.GetStatistics(call.CallId));

        var media = await call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(call.CallId, media.CallId);
        await setup.WaitDeliveredAsync(call, "MediaStreamingStarted");
        var snapshot = setup.Environment.Emulator.AcsControl.FindCall(call.CallId)!;
        Assert.Equal(["startMediaStreaming"], snapshot.Actions);
        Assert.False((bool)JsonNode.Parse(snapshot.MediaStreamingOptions!)!["startMediaStreaming"]!);
    }

    [Fact]
    public async Task StartMediaStreaming_BotEndpointUnreachable_FailsWithMediaStreamingFailed()
    {
        await using var setup = await Setup.StartAsync(startAtOnce: false, unreachable: true);
        var call = await setup.CreateCallAsync();

        var failure = await Assert.ThrowsAsync<PlatformException>(() => call.StartMediaStreamingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("MediaStreamingFailed", failure.Message, StringComparison.Ordinal);
        await setup.WaitDeliveredAsync(call, "MediaStreamingFailed");
        var failed = setup.Receiver.Events.Single(e => (string?)e["type"] == "Microsoft.Communication.MediaStreamingFailed");
        Assert.Equal(500, (int)failed["data"]!["resultInformation"]!["code"]!);
        Assert.Equal("mediaStreamingFailed", (string?)failed["data"]!["mediaStreamingUpdate"]!["mediaStreamingStatus"]);
    }

    [Fact]
    public async Task GetMediaAsync_StreamingAtOnceCannotReachTheBot_FailsWithMediaStreamingFailed()
    {
        await using var setup = await Setup.StartAsync(startAtOnce: true, unreachable: true);
        var call = await setup.CreateCallAsync();

        var failure = await Assert.ThrowsAsync<PlatformException>(() => call.GetMediaAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("MediaStreamingFailed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("could not connect", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCall_AppHostedWithoutMediaSessions_ThrowsNotSupportedNamingTheHost()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync();
        var options = environment.CreateOptions();
        options.MediaStreamingTransportUrl = new Uri("wss://bot.contoso.com/");
        var platform = new AcsCallingPlatform(environment.CreateClient(options), Options.Create(options), NullLogger<AcsCallingPlatform>.Instance);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => platform.CreateCallAsync(
            new OutboundCallRequest { Targets = [ParticipantIdentity.User(TargetId)], Media = MediaHosting.AppHosted }, CancellationToken.None));

        Assert.Contains("media session registry", error.Message, StringComparison.Ordinal);
    }

    private sealed class Setup : IAsyncDisposable
    {
        private Setup(AcsEmulatorEnvironment environment, CallbackReceiver receiver, MediaEndpoint media, AcsCallingPlatform platform)
        {
            Environment = environment;
            Receiver = receiver;
            Media = media;
            Platform = platform;
        }

        public AcsEmulatorEnvironment Environment { get; }

        public CallbackReceiver Receiver { get; }

        public MediaEndpoint Media { get; }

        public AcsCallingPlatform Platform { get; }

        public static async Task<Setup> StartAsync(bool startAtOnce, bool unreachable = false, Action<AcsOptions>? configure = null)
        {
            var environment = await AcsEmulatorEnvironment.StartAsync();
            var receiver = await CallbackReceiver.StartAsync(environment.Emulator.TlsCertificate);
            var media = await MediaEndpoint.StartAsync(environment.Emulator.TlsCertificate);
            var options = environment.CreateOptions(receiver.CallbackUri);
            options.StartMediaStreaming = startAtOnce;

            // Port 9 on loopback (discard) has no listener: the emulator cannot reach the bot's socket.
            options.MediaStreamingTransportUrl = unreachable ? new Uri("wss://127.0.0.1:9/") : media.BaseAddress;
            configure?.Invoke(options);
            var platform = new AcsCallingPlatform(environment.CreateClient(options), Options.Create(options), NullLogger<AcsCallingPlatform>.Instance)
            {
                MediaSessions = media.Sessions,
            };
            platform.Attach(new IgnoringSink());
            receiver.Forward = body => platform.ProcessCallbackEvents(body);
            return new Setup(environment, receiver, media, platform);
        }

        public async Task<AcsPlatformCall> CreateCallAsync() =>
            (AcsPlatformCall)await Platform.CreateCallAsync(
                new OutboundCallRequest { Targets = [ParticipantIdentity.User(TargetId)], Media = MediaHosting.AppHosted }, CancellationToken.None);

        public Task WaitDeliveredAsync(AcsPlatformCall call, string eventName) =>
            Eventually.UntilAsync(
                () => Environment.Emulator.AcsControl.FindCall(call.CallId)!.DeliveredEvents.Contains("Microsoft.Communication." + eventName)
                    && Receiver.Events.Any(e => (string?)e["type"] == "Microsoft.Communication." + eventName),
                $"{eventName} delivered");

        public async ValueTask DisposeAsync()
        {
            await Media.DisposeAsync();
            await Receiver.DisposeAsync();
            await Environment.DisposeAsync();
        }
    }

    private sealed class IgnoringSink : ICallEventSink
    {
        public void OnIncomingCall(IPlatformCall call, IncomingCallInfo info) => throw new InvalidOperationException("No incoming calls in this test.");

        public void OnCallEvent(CallEvent callEvent)
        {
        }

        public bool OnParticipantJoining(string callId, ParticipantInfo participant) => false;
    }

    /// <summary>Keeps the distinct speakers the frames were labelled with.</summary>
    private sealed class SpeakerRecorder : IAudioProcessor
    {
        private readonly HashSet<string> _ids = [];

        public string[] Ids
        {
            get
            {
                lock (_ids)
                {
                    return [.. _ids];
                }
            }
        }

        public void Process(AudioFrameView frame)
        {
            lock (_ids)
            {
                _ids.Add(frame.ParticipantId ?? "(none)");
            }
        }
    }
}
