using System.Net;
using System.Net.Http.Json;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.Api;

/// <summary>POST /api/v1/calls over real HTTP against the emulator.</summary>
public sealed class CreateCallApiTests
{
    private const string BobId = "5f0c3a51-7d4e-4b8a-9c2d-1e2f3a4b5c6d";
    private const string CarolId = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";

    [Fact]
    public async Task CreateCall_ToOneUser_Returns201AndTheCallGetsEstablished()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/calls", new { targets = new[] { new { kind = "user", id = BobId, displayName = "Bob" } }, subject = "Status" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var callId = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/calls/{callId}", response.Headers.Location!.AbsolutePath);
        Assert.Equal("outgoing", body.GetProperty("direction").GetString());
        Assert.Equal("serviceHosted", body.GetProperty("media").GetString());
        Assert.Equal("DefaultCallHandler", body.GetProperty("handler").GetString());
        var emulated = await bot.Emulator.Control.WaitForCallStateAsync(callId, "established");
        Assert.Equal(CallKind.PeerToPeer, emulated.Kind);
        Assert.Contains(emulated.Participants, p => p.IdentityKind == "user" && string.Equals(p.IdentityId, BobId, StringComparison.OrdinalIgnoreCase));
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)?.Participants.Count == 2, "bot sees both participants");

        using var get = await client.GetAsync($"/api/v1/calls/{callId}");
        var call = await get.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("established", call.GetProperty("state").GetString());
        Assert.Contains(call.GetProperty("participants").EnumerateArray(), p => string.Equals(p.GetProperty("identity").GetProperty("id").GetString(), BobId, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(call.GetProperty("recentEvents").EnumerateArray(), e => e.GetProperty("kind").GetString() == "created");
    }

    [Fact]
    public async Task CreateCall_ToTwoUsers_PlacesAGroupCall()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/calls", new { targets = new[] { new { kind = "user", id = BobId }, new { kind = "user", id = CarolId } } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var callId = (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        var emulated = await bot.Emulator.Control.WaitForCallStateAsync(callId, "established");
        Assert.Equal(CallKind.Group, emulated.Kind);
        await bot.Emulator.Control.WaitForCallAsync(callId, c => c.Participants.Count == 3, "bot, Bob and Carol in the call");
    }

    [Fact]
    public async Task CreateCall_ToPhoneFromApplicationInstance_PlacesAPstnCall()
    {
        await using var bot = await ApiTestHost.StartAsync();
        const string instanceId = "c4a1e2b3-0000-4d5e-8f90-a1b2c3d4e5f6";
        bot.Emulator.Control.AddApplicationInstance(new EmulatedApplicationInstance { Id = instanceId, AppId = bot.AppId, DisplayName = "Front desk", PhoneNumber = "+14255550100" });
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/calls", new
        {
            targets = new[] { new { kind = "phone", id = "+14255550123" } },
            source = new { kind = "applicationInstance", id = instanceId },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var callId = (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        var emulated = await bot.Emulator.Control.WaitForCallStateAsync(callId, "established");
        Assert.Equal(CallKind.Pstn, emulated.Kind);
        var create = Assert.Single(bot.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Method == "POST" && e.Path!.EndsWith("/communications/calls", StringComparison.Ordinal));
        Assert.Contains(instanceId, create.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCall_ToPhoneWithoutApplicationInstance_Returns400NamingSource()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/calls", new { targets = new[] { new { kind = "phone", id = "+14255550123" } } });

        var errors = await response.ReadValidationErrorsAsync();
        Assert.Equal(["Calling a phone number needs an application instance as the source (the bot's calling number)."], errors["source"]);
        Assert.Empty(bot.Emulator.Control.ListCalls());
    }

    [Fact]
    public async Task CreateCall_WithBadTargets_Returns400NamingEachBadField()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/calls", new
        {
            targets = new object[] { new { kind = "robot", id = "x" }, new { kind = "phone", id = "12345" }, new { kind = "user" } },
            media = "hologram",
        });

        var errors = await response.ReadValidationErrorsAsync();
        Assert.Equal(["media", "targets[0].kind", "targets[1].id", "targets[2].id"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["'targets[0].kind' must be one of: user, phone, application, applicationInstance, guest."], errors["targets[0].kind"]);
        Assert.Equal(["'targets[1].id' must be an E.164 phone number (+ followed by 7 to 15 digits, for example +14255550123)."], errors["targets[1].id"]);
        Assert.Equal(["'targets[2].id' is required."], errors["targets[2].id"]);
        Assert.Equal(["'media' must be 'serviceHosted' or 'appHosted'."], errors["media"]);
    }

    [Fact]
    public async Task CreateCall_WithoutTargets_Returns400NamingTargets()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/calls", new { subject = "nobody" });

        Assert.Equal(["'targets' needs at least one identity to call."], (await response.ReadValidationErrorsAsync())["targets"]);
    }

    [Fact]
    public async Task CreateCall_WithWrongJsonType_Returns400NamingTheField()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        using var content = new StringContent("""{"targets":"bob"}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/calls", content);

        var errors = await response.ReadValidationErrorsAsync();
        Assert.Equal(["targets"], errors.Keys);
        Assert.Equal(["'targets' has the wrong JSON type or format."], errors["targets"]);
    }

    [Fact]
    public async Task CreateCall_WithoutBody_Returns400NamingBody()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();
        using var content = new StringContent(string.Empty, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/calls", content);

        Assert.Equal(["A JSON request body is required."], (await response.ReadValidationErrorsAsync())["body"]);
    }

    [Fact]
    public async Task CreateCall_WithUnknownHandler_Returns400NamingHandler()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/calls", new { targets = new[] { new { kind = "user", id = BobId } }, handler = "karaoke" });

        Assert.Equal(["'handler' must be one of: default."], (await response.ReadValidationErrorsAsync())["handler"]);
        Assert.Empty(bot.Emulator.Control.ListCalls());
    }
}
