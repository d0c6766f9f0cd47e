using Microsoft.Extensions.Options;

namespace CallingBot.Core.Manager;

/// <summary>Fails start with every invalid call manager setting named.</summary>
internal sealed class CallManagerOptionsValidator : IValidateOptions<CallManagerOptions>
{
    public ValidateOptionsResult Validate(string? name, CallManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToArray();
        return errors.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
