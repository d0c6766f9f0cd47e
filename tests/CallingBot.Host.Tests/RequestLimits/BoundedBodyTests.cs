using CallingBot.AspNetCore.RequestLimits;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Host.Tests.RequestLimits;

public sealed class BoundedBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40_000)]
    public async Task ReadAsync_BodyOfExactlyTheLimit_ReturnsEveryByte(int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        using var stream = new MemoryStream(bytes);

        var body = await BoundedBody.ReadAsync(stream, limit: length, CancellationToken.None);

        Assert.Equal(bytes, body);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40_000)]
    public async Task ReadAsync_OneByteOverTheLimit_ReturnsNull(int limit)
    {
        using var stream = new MemoryStream(new byte[limit + 1]);

        Assert.Null(await BoundedBody.ReadAsync(stream, limit, CancellationToken.None));
    }

    [Theory]
    [InlineData(7, 100_000)]
    [InlineData(4096, 16_384)]
    [InlineData(5000, 65_537)]
    public async Task ReadAsync_BodyArrivingInPieces_ReturnsEveryByteInOrder(int piece, int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();
        using var stream = new TricklingStream(bytes, piece);

        var body = await BoundedBody.ReadAsync(stream, limit: length, CancellationToken.None);

        Assert.Equal(bytes, body);
    }

    [Fact]
    public async Task ReadAsync_ServerStopsTheBodyAsTooLarge_ReturnsNull()
    {
        using var stream = new ThrowingStream(new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge));

        Assert.Null(await BoundedBody.ReadAsync(stream, 1024, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_OtherBadRequest_IsNotMistakenForTooLarge()
    {
        using var stream = new ThrowingStream(new BadHttpRequestException("bad framing", StatusCodes.Status400BadRequest));

        await Assert.ThrowsAsync<BadHttpRequestException>(() => BoundedBody.ReadAsync(stream, 1024, CancellationToken.None));
    }

    private sealed class TricklingStream(byte[] bytes, int piece) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);
    }

    private sealed class ThrowingStream(Exception exception) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(exception);
    }
}
