using CallingBot.Graph.Configuration;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>In real mode the public callback URL is required and must be https (Graph only calls https webhooks).</summary>
internal sealed class RealModeOptionsValidator : IValidateOptions<GraphCallingOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphCallingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.CallbackUrl is null
            ? ValidateOptionsResult.Fail($"{GraphCallingOptions.SectionName}:CallbackUrl is required in real mode: the public https URL of this bot's calling webhook, for example https://bot.contoso.com/api/calling.")
            : ValidateOptionsResult.Success;
    }
}
