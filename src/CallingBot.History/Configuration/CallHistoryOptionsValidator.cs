using Microsoft.Extensions.Options;
using Npgsql;

namespace CallingBot.History.Configuration;

/// <summary>Fails start with every invalid <c>CallingBot:History</c> setting named; never shows a connection string or key.</summary>
internal sealed class CallHistoryOptionsValidator : IValidateOptions<CallHistoryOptions>
{
    private const string Section = CallHistoryOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CallHistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options).ToArray();
        return errors.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static IEnumerable<string> Errors(CallHistoryOptions options)
    {
        if (!Enum.IsDefined(options.Store))
        {
            yield return $"{Section}:{nameof(CallHistoryOptions.Store)} must be Sqlite, PostgreSql or Memory (got {options.Store}).";
        }

        if (options.Store == CallHistoryStoreKind.Sqlite && (options.Sqlite is null || string.IsNullOrWhiteSpace(options.Sqlite.Path)))
        {
            yield return $"{Section}:Sqlite:Path is required when {Section}:Store is Sqlite (a file path, for example data/callingbot-history.db).";
        }
        else if (options.Store == CallHistoryStoreKind.Sqlite && options.Sqlite.Path.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"{Section}:Sqlite:Path holds characters that are not valid in a path.";
        }

        if (options.Store == CallHistoryStoreKind.PostgreSql)
        {
            if (ConnectionStringError(options.PostgreSql?.ConnectionString) is { } error)
            {
                yield return error;
            }
        }

        var masking = options.Masking ?? new HistoryMaskingOptions();
        if (!Enum.IsDefined(masking.Mode))
        {
            yield return $"{Section}:Masking:Mode must be None, Partial or Hash (got {masking.Mode}).";
        }

        if (masking.HashKey is { } key && key.Trim().Length < 16)
        {
            yield return $"{Section}:Masking:HashKey must be at least 16 characters when set.";
        }
        else if (masking.Mode == HistoryMaskingMode.Hash && string.IsNullOrWhiteSpace(masking.HashKey))
        {
            yield return $"{Section}:Masking:HashKey is required when {Section}:Masking:Mode is Hash (at least 16 characters): an unkeyed hash of a phone number is found by hashing every number.";
        }

        if (options.RetentionDays is < 0 or > 36_500)
        {
            yield return $"{Section}:{nameof(CallHistoryOptions.RetentionDays)} must be between 0 (keep for good) and 36500 (got {options.RetentionDays}).";
        }

        foreach (var (setting, value, min, max) in new[]
        {
            (nameof(CallHistoryOptions.PurgeInterval), options.PurgeInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            (nameof(CallHistoryOptions.RetryInterval), options.RetryInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            (nameof(CallHistoryOptions.CommandTimeout), options.CommandTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
            (nameof(CallHistoryOptions.ShutdownTimeout), options.ShutdownTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(5)),
        })
        {
            if (value < min || value > max)
            {
                yield return $"{Section}:{setting} must be between {min:c} and {max:c} (got {value:c}).";
            }
        }

        foreach (var (setting, value, min, max) in new[]
        {
            (nameof(CallHistoryOptions.QueueCapacity), options.QueueCapacity, 1, 1_000_000),
            (nameof(CallHistoryOptions.BatchSize), options.BatchSize, 1, 1000),
            (nameof(CallHistoryOptions.MemoryCapacity), options.MemoryCapacity, 1, 1_000_000),
        })
        {
            if (value < min || value > max)
            {
                yield return $"{Section}:{setting} must be between {min} and {max} (got {value}).";
            }
        }
    }

    private static string? ConnectionStringError(string? connectionString)
    {
        const string Setting = Section + ":PostgreSql:ConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{Setting} is required when {Section}:Store is PostgreSql (Host=…;Database=…;Username=…;Password=…).";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? $"{Setting} must name the server (Host=…)." : null;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The parser's message may quote the value (a password): only its kind is reported.
            return $"{Setting} is not a valid Npgsql connection string (a keyword is unknown or a value malformed).";
        }
    }
}
