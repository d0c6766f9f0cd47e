using System.Text;
using CallingBot.Acs.Calling;
using CallingBot.Acs.Models;
using CallingBot.Acs.Tests.Infrastructure;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Tests.Calling;

public sealed class AcsCallingPlatformTests
{
    [Fact]
    public async Task CreateCallAsync_UserAndPhoneTargets_CreatesCallThatHangsUp()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var options = environment.CreateOptions();
        var platform = new AcsCallingPlatform(environment.CreateClient(options), Options.Create(options), NullLogger<AcsCallingPlatform>.Instance);

        var call = await platform.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("8:acs:callee"), ParticipantIdentity.Phone("+14250123456")] }, CancellationToken.None);
        await call.HangUpAsync(CancellationToken.None);

        Assert.True(Guid.TryParse(call.CallId, out _));
        Assert.Null(call.TenantId);
    }

    [Fact]
    public async Task HangUpAsync_CallAlreadyGone_ThrowsPlatformExceptionNotFound()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var options = environment.CreateOptions();
        var platform = new AcsCallingPlatform(environment.CreateClient(options), Options.Create(options), NullLogger<AcsCallingPlatform>.Instance);
        var call = await platform.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("8:acs:callee")] }, CancellationToken.None);
        await call.HangUpAsync(CancellationToken.None);

        var again = await Assert.ThrowsAsync<PlatformException>(() => call.HangUpAsync(CancellationToken.None));

        Assert.Equal(PlatformErrorKind.NotFound, again.Kind);
        Assert.IsType<AcsRequestException>(again.InnerException);
    }

    [Fact]
    public void ToCreateCallRequest_UsersAndPhones_MapsToCommunicationUsersAndPhoneNumbersWithCallerId()
    {
        var platform = CreatePlatform(new() { SourceUserId = "8:acs:bot", CallerIdNumber = "+18440123456", CallerDisplayName = "Contoso", CallbackUrl = new Uri("https://bot.contoso.com/api/acs") });

        var request = platform.ToCreateCallRequest(new OutboundCallRequest { Targets = [ParticipantIdentity.User("8:acs:alice"), ParticipantIdentity.Phone("+14250123456")], Subject = "Reminder call" });

        Assert.Equal(new CommunicationUserIdentifierModel("8:acs:bot"), request.Source);
        Assert.Equal(new PhoneNumberIdentifierModel("+18440123456"), request.SourceCallerIdNumber);
        Assert.Equal("Contoso", request.SourceDisplayName);
        Assert.Equal([CommunicationIdentifierModel.ForCommunicationUser("8:acs:alice"), CommunicationIdentifierModel.ForPhoneNumber("+14250123456")], request.Targets);
        Assert.Equal("https://bot.contoso.com/api/acs", request.CallbackUri);
        Assert.Equal("Reminder call", request.OperationContext);
        Assert.Null(request.MediaStreamingOptions);
    }

    [Fact]
    public void ToCreateCallRequest_PhoneSource_UsesItAsCallerId()
    {
        var platform = CreatePlatform(new() { SourceUserId = "8:acs:bot", CallbackUrl = new Uri("https://bot.contoso.com/api/acs") });

        var request = platform.ToCreateCallRequest(new OutboundCallRequest { Targets = [ParticipantIdentity.Phone("+14250123456")], Source = ParticipantIdentity.Phone("+18440000001") });

        Assert.Equal("+18440000001", request.SourceCallerIdNumber!.Value);
    }

    [Fact]
    public void ToCreateCallRequest_PhoneTargetWithoutCallerId_ThrowsNamingTheSetting()
    {
        var platform = CreatePlatform(new() { SourceUserId = "8:acs:bot", CallbackUrl = new Uri("https://bot.contoso.com/api/acs") });

        var exception = Assert.Throws<ArgumentException>(() => platform.ToCreateCallRequest(new OutboundCallRequest { Targets = [ParticipantIdentity.Phone("+14250123456")] }));

        Assert.Equal("Calling a phone number needs a caller id: a phone source in the request or CallingBot:Acs:CallerIdNumber. (Parameter 'request')", exception.Message);
    }

    [Fact]
    public void ToCreateCallRequest_ApplicationTarget_ThrowsArgumentException()
    {
        var platform = CreatePlatform(new() { SourceUserId = "8:acs:bot", CallbackUrl = new Uri("https://bot.contoso.com/api/acs") });

        var exception = Assert.Throws<ArgumentException>(() => platform.ToCreateCallRequest(new OutboundCallRequest { Targets = [ParticipantIdentity.Application("bot-id")] }));

        Assert.StartsWith("ACS cannot call a Application target", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformCall_VerbsWithoutAnAcsAction_ThrowNotSupportedNamingTheVerbAndPlatform()
    {
        var call = new AcsPlatformCall(CreateClient(new() { Endpoint = new Uri("https://contoso.communication.azure.com") }), "call-1", null);

        var record = await Assert.ThrowsAsync<NotSupportedException>(() => call.RecordResponseAsync(new RecordResponseOptions(), CancellationToken.None));
        var mute = await Assert.ThrowsAsync<NotSupportedException>(() => call.MuteAsync(CancellationToken.None));
        var unmute = await Assert.ThrowsAsync<NotSupportedException>(() => call.UnmuteAsync(CancellationToken.None));
        var recording = await Assert.ThrowsAsync<NotSupportedException>(() => call.UpdateRecordingStatusAsync(RecordingStatus.Recording, CancellationToken.None));

        Assert.Equal("The Azure Communication Services platform cannot record a response: Call Automation has no record-response action (use call recording). Use the Graph platform for this call flow.", record.Message);
        Assert.StartsWith("The Azure Communication Services platform cannot mute itself:", mute.Message, StringComparison.Ordinal);
        Assert.StartsWith("The Azure Communication Services platform cannot unmute:", unmute.Message, StringComparison.Ordinal);
        Assert.StartsWith("The Azure Communication Services platform cannot update the recording status:", recording.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformCall_AnswerOnACallTheBotCreated_ThrowsInvalidOperation()
    {
        var call = new AcsPlatformCall(CreateClient(new() { Endpoint = new Uri("https://contoso.communication.azure.com") }), "call-1", null);

        await Assert.ThrowsAsync<InvalidOperationException>(() => call.AnswerAsync(new AnswerOptions(), CancellationToken.None));
    }

    [Fact]
    public async Task JoinMeetingAsync_Always_ThrowsNotSupported()
    {
        var platform = CreatePlatform(new() { SourceUserId = "8:acs:bot" });

        await Assert.ThrowsAsync<NotSupportedException>(() => platform.JoinMeetingAsync(new MeetingJoinRequest { JoinMeetingId = "123" }, CancellationToken.None));
    }

    [Fact]
    public void ProcessCallbackEvents_ConnectedThenDisconnected_RaisesEstablishedTerminatedAndRemoved()
    {
        var platform = CreatePlatform(new() { SourceUserId = "8:acs:bot" });
        var sink = new RecordingSink();
        platform.Attach(sink);
        var body = Encoding.UTF8.GetBytes("""
            [{"id":"1","type":"Microsoft.Communication.CallConnected","data":{"callConnectionId":"c1","serverCallId":"s1"},"specversion":"1.0"},
             {"id":"2","type":"Microsoft.Communication.ParticipantsUpdated","data":{"callConnectionId":"c1"},"specversion":"1.0"},
             {"id":"3","type":"Microsoft.Communication.CallDisconnected","data":{"callConnectionId":"c1"},"specversion":"1.0"}]
            """);

        var delivered = platform.ProcessCallbackEvents(body);

        Assert.Equal(3, delivered);
        Assert.Equal<CallEvent>(
            [new CallStateChanged("c1", CallState.Established), new CallStateChanged("c1", CallState.Terminated, CallTermination.Normal), new CallRemoved("c1")],
            sink.Events);
    }

    private static AcsCallingPlatform CreatePlatform(Acs.Configuration.AcsOptions options)
    {
        options.Endpoint ??= new Uri("https://contoso.communication.azure.com");
        return new AcsCallingPlatform(CreateClient(options), Options.Create(options), NullLogger<AcsCallingPlatform>.Instance);
    }

    private static AcsCallAutomationClient CreateClient(Acs.Configuration.AcsOptions options) =>
        new(new HttpClient(), Options.Create(options), TimeProvider.System, NullLogger<AcsCallAutomationClient>.Instance);

    private sealed class RecordingSink : ICallEventSink
    {
        public List<CallEvent> Events { get; } = [];

        public void OnIncomingCall(IPlatformCall call, IncomingCallInfo info) => throw new NotSupportedException();

        public void OnCallEvent(CallEvent callEvent) => Events.Add(callEvent);

        public bool OnParticipantJoining(string callId, ParticipantInfo participant) => false;
    }
}
