using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

// MD5 here is an integrity check against the Content-MD5 Blob Storage computes, not a security measure; the files'
// SHA-256 is in the metadata (and each WAV blob's metadata) for tamper evidence.
#pragma warning disable CA5351

namespace CallingBot.Recording.Upload;

/// <summary>
/// The container recordings go to: each file is uploaded as a block blob in one Put Blob (a WAV file is at most 4 GiB,
/// under the 5000 MiB one request may carry), never over an existing blob, and verified by the MD5 the service
/// computed of what it stored, compared with the local file's.
/// </summary>
internal sealed class RecordingBlobContainer(BlobContainerClient container)
{
    private bool _exists;

    /// <summary>The container's URL without query (a SAS is never shown).</summary>
    public string Url { get; } = container.Uri.GetLeftPart(UriPartial.Path);

    public async Task EnsureExistsAsync(CancellationToken cancellationToken)
    {
        if (!_exists)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _exists = true;
        }
    }

    /// <summary>Uploads <paramref name="path"/> as <paramref name="blobName"/> unless a blob of that name holds the same bytes already; then verifies it.</summary>
    /// <exception cref="RecordingUploadException">The blob differs from the local file (reason <c>verification</c> or <c>conflict</c>).</exception>
    /// <exception cref="RequestFailedException">The service failed.</exception>
    public async Task<UploadedFile> UploadAsync(string path, string blobName, string contentType, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var (md5, length) = await HashAsync(path, cancellationToken).ConfigureAwait(false);
        var blob = container.GetBlockBlobClient(blobName);
        ETag? uploaded = null;
        try
        {
            await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            var response = await blob.UploadAsync(
                content,
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Metadata = metadata,
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken).ConfigureAwait(false);
            uploaded = response.Value.ETag;
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Deleted meanwhile (or lost by the service): the next attempt creates it again.
            _exists = false;
            throw;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // A blob of that name exists: this recording's, from an attempt whose marker was not written (the process
            // stopped), or another instance's sharing the directory; verified like an upload of ours, never overwritten.
        }

        var stored = await StoredHashAsync(blob, cancellationToken).ConfigureAwait(false);
        if (stored.Length == length && stored.Md5.AsSpan().SequenceEqual(md5))
        {
            return new UploadedFile(Path.GetFileName(path), blobName, length, Convert.ToHexStringLower(md5));
        }

        if (uploaded is { } etag)
        {
            // What we just stored is not what we sent: remove it (only that version) so the next attempt uploads again.
            await blob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = etag }, cancellationToken: cancellationToken).ConfigureAwait(false);
            throw new RecordingUploadException("verification", $"Blob '{blobName}' does not hold what was uploaded: {stored.Length} bytes with MD5 {Convert.ToHexStringLower(stored.Md5)}, the local file {length} bytes with MD5 {Convert.ToHexStringLower(md5)}; the blob was removed and the upload is retried.");
        }

        throw new RecordingUploadException("conflict", $"Blob '{blobName}' exists with other content ({stored.Length} bytes, MD5 {Convert.ToHexStringLower(stored.Md5)}) than the local file ({length} bytes, MD5 {Convert.ToHexStringLower(md5)}); it is not overwritten and the recording stays local until the blob is moved away.");
    }

    /// <summary>The Content-MD5 the service keeps for the blob; when it keeps none, the MD5 of the blob's content as downloaded.</summary>
    private static async Task<(byte[] Md5, long Length)> StoredHashAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (properties.ContentHash is { Length: > 0 } hash)
        {
            return (hash, properties.ContentLength);
        }

        await using var content = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken).ConfigureAwait(false);
        return (await MD5.HashDataAsync(content, cancellationToken).ConfigureAwait(false), properties.ContentLength);
    }

    private static async Task<(byte[] Md5, long Length)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        var md5 = await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return (md5, stream.Length);
    }
}
