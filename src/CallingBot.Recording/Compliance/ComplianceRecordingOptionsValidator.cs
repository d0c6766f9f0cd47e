using System.Text.RegularExpressions;
using CallingBot.Recording.Storage;
using Microsoft.Extensions.Options;

namespace CallingBot.Recording.Compliance;

/// <summary>Reports every invalid compliance recording setting, each by its configuration key.</summary>
public sealed partial class ComplianceRecordingOptionsValidator : IValidateOptions<ComplianceRecordingOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceRecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            errors.Add($"{Prefix}{nameof(options.Directory)} is required: the directory recordings are written to.");
        }
        else if (options.Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{Prefix}{nameof(options.Directory)} '{options.Directory}' is not a valid path.");
        }

        if (options.ParticipantCapacity is < 1 or > 1000)
        {
            errors.Add($"{Prefix}{nameof(options.ParticipantCapacity)} must be between 1 and 1000 (was {options.ParticipantCapacity}).");
        }

        if (options.FlushInterval <= TimeSpan.Zero || options.FlushInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Prefix}{nameof(options.FlushInterval)} must be more than 0 and at most 00:01:00 (was {options.FlushInterval}).");
        }

        if (!Enum.IsDefined(options.FailurePolicy))
        {
            errors.Add($"{Prefix}{nameof(options.FailurePolicy)} must be one of {string.Join(", ", Enum.GetNames<RecordingFailurePolicy>())}.");
        }

        if (options.MaxStorageRetries is < 1 or > 100)
        {
            errors.Add($"{Prefix}{nameof(options.MaxStorageRetries)} must be between 1 and 100 (was {options.MaxStorageRetries}).");
        }

        if (options.MaxParticipantTracks is < 1 or > 1000)
        {
            errors.Add($"{Prefix}{nameof(options.MaxParticipantTracks)} must be between 1 and 1000 (was {options.MaxParticipantTracks}).");
        }

        if (options.MetadataReserveBytes is < 0 or > 16 * 1024 * 1024)
        {
            errors.Add($"{Prefix}{nameof(options.MetadataReserveBytes)} must be between 0 and 16777216 (was {options.MetadataReserveBytes}).");
        }

        if (options.MetadataFallbackDirectory is { } fallback)
        {
            if (string.IsNullOrWhiteSpace(fallback) || fallback.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                errors.Add($"{Prefix}{nameof(options.MetadataFallbackDirectory)} '{fallback}' is not a valid path.");
            }
            else if (!string.IsNullOrWhiteSpace(options.Directory) && options.Directory.IndexOfAny(Path.GetInvalidPathChars()) < 0 && string.Equals(Path.GetFullPath(fallback).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(options.Directory).TrimEnd(Path.DirectorySeparatorChar), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                errors.Add($"{Prefix}{nameof(options.MetadataFallbackDirectory)} must not be {Prefix}{nameof(options.Directory)} itself: it is where metadata goes when that directory cannot take it.");
            }
        }

        ValidateRouting(options, errors);
        ValidateStorage(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private const string Prefix = ComplianceRecordingOptions.SectionName + ":";

    private static void ValidateRouting(ComplianceRecordingOptions options, List<string> errors)
    {
        ValidateList(options.PolicyIdentifiers, nameof(options.PolicyIdentifiers), errors);
        ValidateList(options.ApplicationInstanceIds, nameof(options.ApplicationInstanceIds), errors);
        if (!Enum.IsDefined(options.OrdinaryCalls))
        {
            errors.Add($"{Prefix}{nameof(options.OrdinaryCalls)} must be one of {string.Join(", ", Enum.GetNames<OrdinaryCallHandling>())}.");
        }
    }

    private static void ValidateList(List<string>? values, string setting, List<string> errors)
    {
        if (values is null)
        {
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                errors.Add($"{Prefix}{setting}:{i} is empty: list the values served, or leave {Prefix}{setting} empty to serve all.");
            }
        }
    }

    private static void ValidateStorage(ComplianceRecordingOptions options, List<string> errors)
    {
        if (!Enum.IsDefined(options.Storage))
        {
            errors.Add($"{Prefix}{nameof(options.Storage)} must be one of {string.Join(", ", Enum.GetNames<RecordingStorageKind>())}.");
            return;
        }

        var retention = options.Retention ?? new();
        const string Retention = Prefix + nameof(options.Retention) + ":";
        if (retention.KeepLocalDays is < 0 or > 3650)
        {
            errors.Add($"{Retention}{nameof(retention.KeepLocalDays)} must be between 0 and 3650 days, or empty to keep local copies (was {retention.KeepLocalDays}).");
        }
        else if (retention.KeepLocalDays is not null && options.Storage != RecordingStorageKind.AzureBlob)
        {
            errors.Add($"{Retention}{nameof(retention.KeepLocalDays)} deletes local copies once their upload is verified: it needs {Prefix}{nameof(options.Storage)} AzureBlob (the local directory is the only copy otherwise).");
        }

        if (options.Storage != RecordingStorageKind.AzureBlob)
        {
            return;
        }

        var blob = options.AzureBlob ?? new();
        const string Blob = Prefix + nameof(options.AzureBlob) + ":";
        var hasConnectionString = !string.IsNullOrWhiteSpace(blob.ConnectionString);
        if (hasConnectionString == (blob.AccountUrl is not null))
        {
            errors.Add($"{Blob}{nameof(blob.ConnectionString)} or {Blob}{nameof(blob.AccountUrl)} is required, one of them (a connection string, or the account's blob endpoint signed in with the managed identity).");
        }

        if (blob.AccountUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback)))
        {
            errors.Add($"{Blob}{nameof(blob.AccountUrl)} must be an absolute https URL such as https://ACCOUNT.blob.core.windows.net (was {url}).");
        }

        if (hasConnectionString && !LooksLikeConnectionString(blob.ConnectionString!))
        {
            // The value is a secret: the message says what is wrong, never what it is.
            errors.Add($"{Blob}{nameof(blob.ConnectionString)} is not a storage connection string (expected Key=Value pairs separated by ';', such as AccountName=...;AccountKey=... or BlobEndpoint=...;SharedAccessSignature=...).");
        }

        if (blob.ManagedIdentityClientId is not null && (string.IsNullOrWhiteSpace(blob.ManagedIdentityClientId) || blob.AccountUrl is null))
        {
            errors.Add($"{Blob}{nameof(blob.ManagedIdentityClientId)} is the client id of a user-assigned managed identity and goes with {Blob}{nameof(blob.AccountUrl)}.");
        }

        if (blob.Container is null || !ContainerName().IsMatch(blob.Container))
        {
            errors.Add($"{Blob}{nameof(blob.Container)} '{blob.Container}' is not a container name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        }

        if (blob.BlobPrefix is null || blob.BlobPrefix.Length > 512 || blob.BlobPrefix.StartsWith('/') || blob.BlobPrefix.Contains('\\', StringComparison.Ordinal))
        {
            errors.Add($"{Blob}{nameof(blob.BlobPrefix)} '{blob.BlobPrefix}' must be at most 512 characters, not start with '/' and contain no '\\'.");
        }

        if (blob.RetryDelay <= TimeSpan.Zero || blob.RetryDelay > TimeSpan.FromHours(1))
        {
            errors.Add($"{Blob}{nameof(blob.RetryDelay)} must be more than 0 and at most 01:00:00 (was {blob.RetryDelay}).");
        }

        if (blob.MaxRetryDelay < blob.RetryDelay || blob.MaxRetryDelay > TimeSpan.FromDays(1))
        {
            errors.Add($"{Blob}{nameof(blob.MaxRetryDelay)} must be at least {Blob}{nameof(blob.RetryDelay)} and at most 1.00:00:00 (was {blob.MaxRetryDelay}).");
        }

        if (blob.ScanInterval < TimeSpan.FromSeconds(1) || blob.ScanInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{Blob}{nameof(blob.ScanInterval)} must be between 00:00:01 and 1.00:00:00 (was {blob.ScanInterval}).");
        }
    }

    private static bool LooksLikeConnectionString(string value)
    {
        var pairs = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return pairs.Length > 0 && pairs.All(pair => pair.IndexOf('=', StringComparison.Ordinal) > 0);
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();
}
