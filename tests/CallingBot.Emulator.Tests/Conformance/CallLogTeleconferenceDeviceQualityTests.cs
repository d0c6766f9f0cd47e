using System.Text.Json.Nodes;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference page "call: logTeleconferenceDeviceQuality".</summary>
public sealed class CallLogTeleconferenceDeviceQualityTests
{
    private static JsonObject Quality() => new()
    {
        ["quality"] = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.teleconferenceDeviceQuality",
            ["callChainId"] = "0622673d-9f69-49b3-9d4f-5ec64f42ecce",
            ["participantId"] = "ea078406-b5d4-4d3c-b85e-90103dcec7f6",
            ["mediaLegId"] = "bd9ee398-4b9d-42c7-8b8d-4e8efad9435f",
            ["deviceName"] = "TestAgent",
            ["deviceDescription"] = "TestDescription",
            ["mediaQualityList"] = new JsonArray(
                new JsonObject { ["@odata.type"] = "#microsoft.graph.teleconferenceDeviceAudioQuality", ["channelIndex"] = 1, ["mediaDuration"] = "PT20M", ["averageInboundJitter"] = "PT0.01S" },
                new JsonObject { ["@odata.type"] = "#microsoft.graph.teleconferenceDeviceVideoQuality", ["channelIndex"] = 1, ["mediaDuration"] = "PT20M" },
                new JsonObject { ["@odata.type"] = "#microsoft.graph.teleconferenceDeviceScreenSharingQuality", ["channelIndex"] = 1, ["mediaDuration"] = "PT20M" }),
        },
    };

    [Fact]
    public async Task Log_DocumentedRequest_Returns200WithoutBody()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var (status, body) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls/logTeleconferenceDeviceQuality", Quality());

        Assert.Equal(200, status);
        Assert.Null(body);
    }

    [Fact]
    public async Task Log_WithoutQuality_Returns400NamingIt()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var (status, body) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls/logTeleconferenceDeviceQuality", new JsonObject());

        Assert.Equal(400, status);
        Assert.Contains("quality", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_UnknownQualityType_Returns400NamingIt()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var request = Quality();
        request["quality"]!["mediaQualityList"]![1]!["@odata.type"] = "#microsoft.graph.somethingElse";

        var (status, body) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls/logTeleconferenceDeviceQuality", request);

        Assert.Equal(400, status);
        Assert.Contains("quality.mediaQualityList[1]", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_WithoutAccessMediaPermission_Returns403()
    {
        await using var environment = await TestEnvironment.StartAsync(permissions: ["Calls.Initiate.All"]);

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls/logTeleconferenceDeviceQuality", Quality());

        Assert.Equal(403, status);
    }
}
