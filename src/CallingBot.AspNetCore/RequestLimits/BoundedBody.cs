using System.Buffers;

namespace CallingBot.AspNetCore.RequestLimits;

/// <summary>Reads a request body into memory up to a byte limit, for checks that must see the whole body before anything parses it.</summary>
internal static class BoundedBody
{
    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes of <paramref name="stream"/>; null when the body is longer (or the
    /// server's own body size limit stopped it).
    /// </summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var collected = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (collected.Length + read > limit)
                {
                    return null;
                }

                collected.Write(buffer, 0, read);
            }

            return collected.ToArray();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
