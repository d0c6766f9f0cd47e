using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>What the call manager records about an ended call for the history: parties, handler, media, recording status, ids.</summary>
public sealed class CallManagerHistoryRecordTests
{
    [Fact]
    public async Task IncomingCall_AnsweredRecordingAndEnded_RecordsItsPartiesHandlerAndRecordingStatus()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        call.CorrelationId = "chain-1";
        await harness.Manager.FindCall("call-1")!.UpdateRecordingStatusAsync(RecordingStatus.Recording);

        await harness.EndAsync(call);

        var record = harness.SingleRecord("call-1");
        Assert.Equal("chain-1", record.CorrelationId);
        Assert.Equal(ParticipantIdentity.Phone(CallManagerHarness.Caller), record.Caller);
        Assert.Equal([ParticipantIdentity.ApplicationInstance("bot-instance")], record.Callees);
        Assert.Equal(nameof(RecordingHandler), record.HandlerName);
        Assert.Equal(MediaHosting.ServiceHosted, record.Media);
        Assert.Equal(RecordingStatus.Recording, record.RecordingStatus);
        Assert.Null(record.MediaQuality);
    }

    [Fact]
    public async Task IncomingCall_Rejected_RecordsNoHandlerAndNoRecordingStatus()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Decide = (_, _) => ValueTask.FromResult(CallDecision.Reject());
        var call = harness.RaiseIncoming("call-2");
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "the reject is sent");

        await harness.EndAsync(call);

        var record = harness.SingleRecord("call-2");
        Assert.Equal("rejected", record.Outcome);
        Assert.Null(record.HandlerName);
        Assert.Null(record.RecordingStatus);
        Assert.Null(record.CorrelationId);
        Assert.Equal(ParticipantIdentity.Phone(CallManagerHarness.Caller), record.Caller);
    }

    [Fact]
    public async Task OutgoingCall_Placed_RecordsItsSourceAndTargets()
    {
        await using var harness = new CallManagerHarness();
        var call = harness.Platform.PrepareOutbound("call-3");
        var source = ParticipantIdentity.ApplicationInstance("bot-number");
        ParticipantIdentity[] targets = [ParticipantIdentity.Phone("+14255550199"), ParticipantIdentity.User("user-2")];
        await harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = targets, Source = source }, new RecordingHandler(), CancellationToken.None);

        await harness.EndAsync(call);

        var record = harness.SingleRecord("call-3");
        Assert.Equal(CallDirection.Outgoing, record.Direction);
        Assert.Equal(source, record.Caller);
        Assert.Equal(targets, record.Callees);
        Assert.Equal(nameof(RecordingHandler), record.HandlerName);
    }
}
