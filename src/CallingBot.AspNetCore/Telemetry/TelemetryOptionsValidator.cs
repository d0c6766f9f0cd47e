using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Telemetry;

/// <summary>Reports every invalid telemetry setting at start, each message naming the setting and never echoing a secret.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = TelemetryOptions.SectionName;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add($"{section}:ServiceName must not be empty.");
        }

        if (double.IsNaN(options.TraceSampleRatio) || options.TraceSampleRatio is < 0 or > 1)
        {
            errors.Add($"{section}:TraceSampleRatio must be between 0 and 1.");
        }

        var otlp = options.Otlp;
        if (otlp.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{section}:Otlp:Endpoint must be an absolute http or https URL, for example http://otel-collector:4317.");
        }

        if (!Enum.IsDefined(otlp.Protocol))
        {
            errors.Add($"{section}:Otlp:Protocol must be Grpc or HttpProtobuf.");
        }

        if (!string.IsNullOrWhiteSpace(otlp.Headers) && !TryParseHeaders(otlp.Headers, out _))
        {
            errors.Add($"{section}:Otlp:Headers must be name=value pairs separated by commas, each with a name (the value is not shown: it may be a secret).");
        }

        if (otlp.MetricsInterval < TimeSpan.FromSeconds(1) || otlp.MetricsInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{section}:Otlp:MetricsInterval must be between 00:00:01 and 01:00:00.");
        }

        if (otlp.Endpoint is not null && !otlp.Traces && !otlp.Metrics)
        {
            errors.Add($"{section}:Otlp:Traces and {section}:Otlp:Metrics are both false: remove {section}:Otlp:Endpoint or export something.");
        }

        var connection = options.AzureMonitor.ConnectionString;
        if (connection is not null && !IsConnectionString(connection))
        {
            errors.Add($"{section}:AzureMonitor:ConnectionString must be an Application Insights connection string containing InstrumentationKey=... (the value is not shown: it is a secret).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Parses <c>name=value,name=value</c>; values may contain '=' (only the first one splits).</summary>
    internal static bool TryParseHeaders(string headers, out IReadOnlyList<KeyValuePair<string, string>> parsed)
    {
        var list = new List<KeyValuePair<string, string>>();
        parsed = list;
        foreach (var pair in headers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return false;
            }

            var headerName = pair[..separator].Trim();
            if (headerName.Length == 0 || headerName.Any(c => c <= ' ' || c >= 127 || c == ':'))
            {
                return false;
            }

            list.Add(new(headerName, pair[(separator + 1)..].Trim()));
        }

        return list.Count > 0;
    }

    private static bool IsConnectionString(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(part => part.StartsWith("InstrumentationKey=", StringComparison.OrdinalIgnoreCase) && part.Length > "InstrumentationKey=".Length);
}
