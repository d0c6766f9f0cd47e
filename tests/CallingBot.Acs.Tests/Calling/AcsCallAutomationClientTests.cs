using System.Net;
using System.Text.Json.Nodes;
using CallingBot.Acs.Calling;
using CallingBot.Acs.Models;
using CallingBot.Acs.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs.Tests.Calling;

public sealed class AcsCallAutomationClientTests
{
    private const string Caller = "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_da7be3a9-8788-42a6-85c6-56b2cf784fce";
    private const string Callee = "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_0f50d091-5bd3-448b-884d-44be7037d9b9";

    [Fact]
    public async Task CreateCallAsync_UserAndPhoneTargets_ReturnsConnectionAndPostsCallConnected()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync();
        await using var receiver = await CallbackReceiver.StartAsync(environment.Emulator.TlsCertificate);
        var client = environment.CreateClient(environment.CreateOptions(receiver.CallbackUri));

        var properties = await client.CreateCallAsync(Request(receiver.CallbackUri, CommunicationIdentifierModel.ForCommunicationUser(Callee), CommunicationIdentifierModel.ForPhoneNumber("+14250123456")), CancellationToken.None);

        Assert.True(Guid.TryParse(properties.CallConnectionId, out _));
        Assert.False(string.IsNullOrEmpty(properties.ServerCallId));
        Assert.Equal(CallConnectionStates.Connecting, properties.CallConnectionState);
        Assert.Equal(receiver.CallbackUri.AbsoluteUri, properties.CallbackUri);
        Assert.Equal(Caller, properties.Source!.CommunicationUser!.Id);
        Assert.Equal(CommunicationIdentifierKinds.CommunicationUser, properties.Source.Kind);
        Assert.Equal("+18440123456", properties.SourceCallerIdNumber!.Value);
        Assert.Equal("Contoso", properties.SourceDisplayName);
        Assert.False(string.IsNullOrEmpty(properties.CorrelationId));
        Assert.Equal([CommunicationIdentifierKinds.CommunicationUser, CommunicationIdentifierKinds.PhoneNumber], properties.Targets!.Select(t => t.Kind));
        Assert.Equal("+14250123456", properties.Targets![1].PhoneNumber!.Value);

        await Eventually.UntilAsync(() => receiver.Events.Count >= 1, "CallConnected delivered to the callback URI");
        var connected = receiver.Events[0];
        Assert.Equal("Microsoft.Communication.CallConnected", (string?)connected["type"]);
        Assert.Equal("1.0", (string?)connected["specversion"]);
        Assert.Equal($"calling/callConnections/{properties.CallConnectionId}", (string?)connected["subject"]);
        Assert.Equal(properties.CallConnectionId, (string?)connected["data"]!["callConnectionId"]);
        Assert.Equal(properties.ServerCallId, (string?)connected["data"]!["serverCallId"]);
        Assert.Equal("Reminder call", (string?)connected["data"]!["operationContext"]);
    }

    [Fact]
    public async Task CreateCallAsync_FirstResponseDropped_RetriesWithSameRepeatabilityHeadersAndCreatesOneCall()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync(autoConnect: false);
        var dropper = new DropFirstResponseHandler();
        var client = environment.CreateClient(environment.CreateOptions(), dropper);

        var properties = await client.CreateCallAsync(Request(new Uri("https://app.contoso.com/callback"), CommunicationIdentifierModel.ForCommunicationUser(Callee)), CancellationToken.None);

        var attempts = dropper.Attempts.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.True(Guid.TryParse(attempts[0].RequestId, out _));
        Assert.Equal(attempts[0].RequestId, attempts[1].RequestId);
        Assert.Equal(attempts[0].FirstSent, attempts[1].FirstSent);
        Assert.True(DateTimeOffset.TryParseExact(attempts[0].FirstSent, "R", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out _));

        var calls = await ListCallsAsync(environment);
        var only = Assert.Single(calls);
        Assert.Equal(properties.CallConnectionId, (string?)only!["callConnectionId"]);
    }

    [Fact]
    public async Task CreateCallAsync_WrongAccessKey_ThrowsDeniedWith401()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync();
        var client = environment.CreateClient(environment.CreateOptions(accessKey: "d3Jvbmcga2V5"));

        var exception = await Assert.ThrowsAsync<AcsRequestException>(() => client.CreateCallAsync(Request(new Uri("https://app.contoso.com/callback"), CommunicationIdentifierModel.ForCommunicationUser(Callee)), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Equal("Denied", exception.ErrorCode);
        Assert.Equal("Denied by the resource provider: the signature does not match (check the access key, the host and the path signed).", exception.ErrorMessage);
        Assert.Empty(await ListCallsAsync(environment));
    }

    [Fact]
    public async Task CreateCallAsync_PhoneTargetWithoutCallerId_ThrowsBadRequestNamingSourceCallerIdNumber()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync();
        var client = environment.CreateClient(environment.CreateOptions());
        var request = Request(new Uri("https://app.contoso.com/callback"), CommunicationIdentifierModel.ForPhoneNumber("+14250123456")) with
        {
            SourceCallerIdNumber = null,
        };

        var exception = await Assert.ThrowsAsync<AcsRequestException>(() => client.CreateCallAsync(request, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Equal("BadRequest", exception.ErrorCode);
        Assert.Equal("sourceCallerIdNumber", exception.Target);
        Assert.Equal("sourceCallerIdNumber is required when a target is a phone number.", exception.ErrorMessage);
    }

    [Fact]
    public async Task HangUpAsync_CreatedCall_RemovesItAndPostsCallDisconnectedAfterCallConnected()
    {
        await using var environment = await AcsEmulatorEnvironment.StartAsync();
        await using var receiver = await CallbackReceiver.StartAsync(environment.Emulator.TlsCertificate);
        var client = environment.CreateClient(environment.CreateOptions(receiver.CallbackUri));
        var properties = await client.CreateCallAsync(Request(receiver.CallbackUri, CommunicationIdentifierModel.ForCommunicationUser(Callee)), CancellationToken.None);

        await client.HangUpAsync(properties.CallConnectionId!, CancellationToken.None);

        await Eventually.UntilAsync(() => receiver.Events.Any(e => (string?)e["type"] == "Microsoft.Communication.CallDisconnected"), "CallConnected and CallDisconnected delivered");
        Assert.Equal(["Microsoft.Communication.CallConnected", "Microsoft.Communication.CallDisconnected"], receiver.Events.Select(e => (string?)e["type"]).Where(type => type != "Microsoft.Communication.ParticipantsUpdated"));
        Assert.Empty(await ListCallsAsync(environment));
        var again = await Assert.ThrowsAsync<AcsRequestException>(() => client.HangUpAsync(properties.CallConnectionId!, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task CreateCallAsync_ServiceBusyWithRetryAfter_RetriesThenReturnsTheCall()
    {
        var handler = new ScriptedHandler(
            () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(TimeSpan.Zero) } },
            () => new HttpResponseMessage((HttpStatusCode)429) { Headers = { { "retry-after-ms", "0" } } },
            () => new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(SeedExamples.CreateCallResponse) });
        using var http = new HttpClient(handler);
        var options = new Acs.Configuration.AcsOptions { Endpoint = new Uri("https://contoso.communication.azure.com"), ApiVersion = "2022-04-07-preview", RetryDelay = TimeSpan.FromHours(1), MaxRetryDelay = TimeSpan.FromHours(1) };
        var client = new AcsCallAutomationClient(http, Options.Create(options), TimeProvider.System, NullLogger<AcsCallAutomationClient>.Instance);

        var properties = await client.CreateCallAsync(Request(new Uri("https://app.contoso.com/callback"), CommunicationIdentifierModel.ForCommunicationUser(Callee)), CancellationToken.None);

        Assert.Equal("18dea47f-b081-4107-9a5c-4300819d2c6c", properties.CallConnectionId);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(new Uri("https://contoso.communication.azure.com/calling/callConnections?api-version=2022-04-07-preview"), handler.Requests[0].Uri);
        Assert.Single(handler.Requests.Select(r => r.RequestId).Distinct());
        Assert.Single(handler.Requests.Select(r => r.FirstSent).Distinct());
    }

    [Fact]
    public async Task CreateCallAsync_ServiceKeepsFailing_StopsAfterMaxRetriesWithServiceError()
    {
        var handler = new ScriptedHandler([.. Enumerable.Repeat<Func<HttpResponseMessage>>(
            () => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("""{"error":{"code":"InternalError","message":"Try later."}}""") }, 5)]);
        using var http = new HttpClient(handler);
        var options = new Acs.Configuration.AcsOptions { Endpoint = new Uri("https://contoso.communication.azure.com"), MaxRetries = 2, RetryDelay = TimeSpan.Zero };
        var client = new AcsCallAutomationClient(http, Options.Create(options), TimeProvider.System, NullLogger<AcsCallAutomationClient>.Instance);

        var exception = await Assert.ThrowsAsync<AcsRequestException>(() => client.CreateCallAsync(Request(new Uri("https://app.contoso.com/callback"), CommunicationIdentifierModel.ForCommunicationUser(Callee)), CancellationToken.None));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(HttpStatusCode.InternalServerError, exception.StatusCode);
        Assert.Equal("InternalError", exception.ErrorCode);
        Assert.Equal("Try later.", exception.ErrorMessage);
    }

    private static CreateCallRequest Request(Uri callback, params CommunicationIdentifierModel[] targets) => new()
    {
        Source = new CommunicationUserIdentifierModel(Caller),
        SourceCallerIdNumber = new PhoneNumberIdentifierModel("+18440123456"),
        SourceDisplayName = "Contoso",
        Targets = targets,
        CallbackUri = callback.AbsoluteUri,
        OperationContext = "Reminder call",
    };

    private static async Task<JsonArray> ListCallsAsync(AcsEmulatorEnvironment environment)
    {
        using var http = new HttpClient(environment.Emulator.CreateTrustingHandler());
        var body = await http.GetStringAsync(new Uri(environment.Endpoint, "emulator/acs/callConnections"));
        return JsonNode.Parse(body)!.AsArray();
    }

    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
    {
        public List<(Uri? Uri, string? RequestId, string? FirstSent)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.RequestUri, Header(request, "Repeatability-Request-ID"), Header(request, "Repeatability-First-Sent")));
            return Task.FromResult(responses[Requests.Count - 1]());
        }

        private static string? Header(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out var values) ? values.Single() : null;
    }
}
