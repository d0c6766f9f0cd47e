using Microsoft.Extensions.Options;

namespace CallingBot.Core.Registry;

/// <summary>Fails start with every invalid call registry setting named.</summary>
internal sealed class CallRegistryOptionsValidator : IValidateOptions<CallRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, CallRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToArray();
        return errors.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
