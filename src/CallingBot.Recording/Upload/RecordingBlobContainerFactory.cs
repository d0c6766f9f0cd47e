using Azure.Identity;
using Azure.Storage.Blobs;

namespace CallingBot.Recording.Upload;

/// <summary>Creates the container client from the settings: a connection string, or the account URL with <c>DefaultAzureCredential</c>.</summary>
internal sealed class RecordingBlobContainerFactory(Action<BlobClientOptions>? configure = null)
{
    public BlobContainerClient Create(AzureBlobRecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new BlobClientOptions();

        // A short retry inside one attempt; the uploader retries failed attempts itself, with backoff, for as long as it takes.
        client.Retry.MaxRetries = 2;
        client.Retry.Delay = TimeSpan.FromMilliseconds(500);
        client.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        configure?.Invoke(client);
        var service = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(options.AccountUrl, new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId }), client)
            : new BlobServiceClient(options.ConnectionString, client);
        return service.GetBlobContainerClient(options.Container);
    }
}
