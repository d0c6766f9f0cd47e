using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using Microsoft.Extensions.Options;

namespace MyBot;

/// <summary>
/// Answers the call, welcomes the caller and asks for a key, then says which key was pressed (or that none was) and
/// hangs up. One instance per call; everything a call needs lives in its <see cref="ICallContext"/>.
/// Replace the body of <see cref="OnEstablishedAsync"/> with your own conversation.
/// </summary>
public sealed class GreetingHandler(IOptions<GreetingOptions> options, ILogger<GreetingHandler> logger) : CallHandler
{
    private readonly GreetingOptions _options = options.Value;

    /// <summary>The call is connected: the caller hears the bot from here on.</summary>
    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await call.PlayPromptAsync(Prompt("welcome"), cancellationToken);

        var key = await call.CollectDigitsAsync(
            new DigitCollectionOptions { MaxDigits = 1, FirstDigitTimeout = _options.KeyTimeout },
            cancellationToken);
        if (key.Outcome == DigitCollectionOutcome.TimedOut || key.Digits.Length == 0)
        {
            await call.PlayPromptAsync(Prompt("no-key"), cancellationToken);
        }
        else
        {
            logger.LogInformation("Caller pressed {Key} on call {CallId}", key.Digits[0], call.CallId);
            await call.PlayPromptAsync(Prompt(KeyPromptName(key.Digits[0])), cancellationToken);
        }

        await call.PlayPromptAsync(Prompt("goodbye"), cancellationToken);
        await call.HangUpAsync(cancellationToken);
    }

    /// <summary>The name of the prompt that reads a key back: key-5, key-star, key-pound.</summary>
    public static string KeyPromptName(char key) => key switch
    {
        '*' => "key-star",
        '#' => "key-pound",
        _ => $"key-{key}",
    };

    private Prompt Prompt(string name) => new(new Uri(_options.PromptBaseUri!, name + ".wav"));
}
