using CallingBot.Core.Platform;
using CallingBot.Graph.Calling;
using Microsoft.Graph.Communications.Common;
using Microsoft.Graph.Communications.Core.Exceptions;

namespace CallingBot.Graph.Tests.Calling;

public sealed class GraphErrorsTests
{
    [Theory]
    [InlineData(400, PlatformErrorKind.InvalidRequest)]
    [InlineData(401, PlatformErrorKind.Unauthorized)]
    [InlineData(403, PlatformErrorKind.Forbidden)]
    [InlineData(404, PlatformErrorKind.NotFound)]
    [InlineData(409, PlatformErrorKind.Conflict)]
    [InlineData(410, PlatformErrorKind.NotFound)]
    [InlineData(429, PlatformErrorKind.Throttled)]
    [InlineData(503, PlatformErrorKind.Unavailable)]
    [InlineData(418, PlatformErrorKind.Other)]
    public async Task RunAsync_SdkServiceException_BecomesPlatformExceptionOfTheStatusKind(int status, PlatformErrorKind expected)
    {
        var sdk = new ServiceException(new Error { Code = "8506", Message = "Call 'c1' was not found." }, null, status, null, null);

        var thrown = await Assert.ThrowsAsync<PlatformException>(() => GraphErrors.RunAsync("answer", () => Task.FromException(sdk)));

        Assert.Equal(expected, thrown.Kind);
        Assert.Same(sdk, thrown.InnerException);
        Assert.Equal($"The calling service refused answer ({status}): Call 'c1' was not found.", thrown.Message);
    }

    [Theory]
    [InlineData(404, true)]
    [InlineData(403, true)]
    [InlineData(409, true)]
    [InlineData(410, true)]
    [InlineData(400, false)]
    [InlineData(429, false)]
    [InlineData(503, false)]
    public void Translate_StatusCode_IsTerminalForTheCallOnlyWhenTheCallIsGoneOrNotTheBots(int status, bool terminal)
    {
        var translated = GraphErrors.Translate("reject", new ServiceException(new Error { Message = "no" }, null, status, null, null));

        Assert.Equal(terminal, translated!.IsTerminalForCall);
    }

    [Fact]
    public async Task RunAsync_Cancellation_PassesThroughUnchanged()
    {
        var cancelled = new OperationCanceledException("cancelled");

        var thrown = await Assert.ThrowsAsync<OperationCanceledException>(() => GraphErrors.RunAsync("mute", () => Task.FromException(cancelled)));

        Assert.Same(cancelled, thrown);
    }

    [Fact]
    public async Task RunAsync_NetworkFailure_BecomesUnavailable()
    {
        var thrown = await Assert.ThrowsAsync<PlatformException>(() => GraphErrors.RunAsync<int>("keepAlive", () => Task.FromException<int>(new HttpRequestException("connection refused"))));

        Assert.Equal(PlatformErrorKind.Unavailable, thrown.Kind);
        Assert.False(thrown.IsTerminalForCall);
    }
}
