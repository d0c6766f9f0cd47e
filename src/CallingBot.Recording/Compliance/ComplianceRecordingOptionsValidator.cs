using Microsoft.Extensions.Options;

namespace CallingBot.Recording.Compliance;

/// <summary>Reports every invalid compliance recording setting, each by its configuration key.</summary>
public sealed class ComplianceRecordingOptionsValidator : IValidateOptions<ComplianceRecordingOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceRecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = ComplianceRecordingOptions.SectionName + ":";
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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
