using System.Net;
using System.Text.Json;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>
/// Hostile requests against the real host's calling webhook over HTTPS. Each must get its exact status, a ProblemDetails
/// body without internals for errors, and leave every call as it was.
/// </summary>
public sealed class HostileCallbackTests(HostileCallbackFixture fixture) : IClassFixture<HostileCallbackFixture>
{
    public static TheoryData<string> CaseNames => HostileCallbackCases.Names();

    [Fact]
    public void Suite_HasAtLeastFortyCases()
    {
        Assert.True(HostileCallbackCases.All.Count >= 40, $"only {HostileCallbackCases.All.Count} hostile cases");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Callback_HostileRequest_GetsExpectedStatusAndChangesNothing(string name)
    {
        var hostile = HostileCallbackCases.All[name];
        var before = fixture.Capture();

        using var response = await hostile.Send(fixture);

        Assert.Equal(hostile.Expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal((int)response.StatusCode, problem.RootElement.GetProperty("status").GetInt32());
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        }

        if (hostile.ExpectedReason is { } reason)
        {
            Assert.Equal(reason, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
            Assert.Contains($"error_description=\"{reason}\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, fixture.Capture());
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Callback_ValidTestToken_IsAcceptedForAHarmlessNotification()
    {
        var before = fixture.Capture();
        var id = Guid.NewGuid().ToString();
        var body = HostileCallbackCases.Envelope("updated", $"/communications/calls/{id}", HostileCallbackCases.CallData(id, "established"));

        using var response = await fixture.PostAsync("Bearer " + fixture.ValidToken(), body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(before, fixture.Capture());
    }
}
