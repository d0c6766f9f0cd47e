using Microsoft.Extensions.Options;

namespace CallingBot.Core.Recovery;

/// <summary>Fails start with every invalid recovery setting named.</summary>
internal sealed class CallRecoveryOptionsValidator : IValidateOptions<CallRecoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, CallRecoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToArray();
        return errors.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
