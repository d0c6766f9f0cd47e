using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Configuration;

/// <summary>Reports every invalid dashboard setting at start, each message naming the setting.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = DashboardOptions.SectionName;
        var errors = new List<string>();
        Range(errors, $"{section}:MaxCalls", options.MaxCalls, 1, 100_000);
        Range(errors, $"{section}:MaxEventsPerCall", options.MaxEventsPerCall, 10, 10_000);
        Range(errors, $"{section}:ChartMinutes", options.ChartMinutes, 5, 1440);
        Range(errors, $"{section}:MaxConnections", options.MaxConnections, 1, 1000);
        Range(errors, $"{section}:ConnectionQueueCapacity", options.ConnectionQueueCapacity, 8, 100_000);
        Range(errors, $"{section}:SignInAttemptsPerWindow", options.SignInAttemptsPerWindow, 1, 10_000);
        Span(errors, $"{section}:EndedCallRetention", options.EndedCallRetention, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1));
        Span(errors, $"{section}:HeartbeatInterval", options.HeartbeatInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Span(errors, $"{section}:SessionIdleTimeout", options.SessionIdleTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Span(errors, $"{section}:SignInWindow", options.SignInWindow, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{setting} must be between {min} and {max} (was {value}).");
        }
    }

    private static void Span(List<string> errors, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{setting} must be between {min} and {max} (was {value}).");
        }
    }
}
