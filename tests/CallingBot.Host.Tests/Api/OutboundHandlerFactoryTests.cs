using System.Net;
using System.Net.Http.Json;
using CallingBot.Core.Handlers;
using CallingBot.AspNetCore.Api.Handlers;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Api;

/// <summary>Calls started through the API run the handler a registered <see cref="IOutboundCallHandlerFactory"/> creates.</summary>
public sealed class OutboundHandlerFactoryTests
{
    [Fact]
    public async Task CreateCall_WithRegisteredFactory_RunsTheNamedHandler()
    {
        var factory = new RecordingFactory();
        await using var bot = await ApiTestHost.StartAsync(services: s => s.AddSingleton<IOutboundCallHandlerFactory>(factory));
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/calls", new { targets = new[] { new { kind = "user", id = "5f0c3a51-7d4e-4b8a-9c2d-1e2f3a4b5c6d" } }, handler = "recording", subject = "hello" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("RecordingHandler", body.GetProperty("handler").GetString());
        var context = await Eventually.WithinAsync(factory.Handler.Established.Task, "the factory's handler sees the call established");
        Assert.Equal(body.GetProperty("id").GetString(), context.CallId);
        var request = Assert.Single(factory.Requests);
        Assert.Equal(OutboundCallKind.Call, request.Kind);
        Assert.Equal("hello", request.Call!.Subject);
    }

    [Fact]
    public async Task JoinMeeting_WithRegisteredFactory_PassesTheMeetingRequest()
    {
        var factory = new RecordingFactory();
        await using var bot = await ApiTestHost.StartAsync(services: s => s.AddSingleton<IOutboundCallHandlerFactory>(factory));
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { joinMeetingId = "42", handler = "recording" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await Eventually.WithinAsync(factory.Handler.Established.Task, "the factory's handler sees the meeting call established");
        var request = Assert.Single(factory.Requests);
        Assert.Equal(OutboundCallKind.MeetingJoin, request.Kind);
        Assert.Equal("42", request.Meeting!.JoinMeetingId);
    }

    private sealed class RecordingFactory : IOutboundCallHandlerFactory
    {
        public RecordingHandler Handler { get; } = new();

        public List<OutboundHandlerRequest> Requests { get; } = [];

        public IReadOnlyCollection<string> HandlerNames { get; } = ["recording"];

        public CallHandler? Create(OutboundHandlerRequest request)
        {
            Requests.Add(request);
            return request.HandlerName == "recording" ? Handler : null;
        }
    }
}
