using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>Fails start with every invalid top-level host setting named.</summary>
internal sealed class CallingBotHostOptionsValidator : IValidateOptions<CallingBotHostOptions>
{
    public ValidateOptionsResult Validate(string? name, CallingBotHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToArray();
        return errors.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
