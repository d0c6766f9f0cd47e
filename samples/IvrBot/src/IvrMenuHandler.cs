using CallingBot.Core.Handlers;

namespace IvrBot;

/// <summary>
/// The menu: greets the caller, then loops on "1 information, 2 operator, 3 voicemail, 0 repeat". An invalid key or
/// silence plays a hint and counts as a failed attempt; after <see cref="IvrOptions.MaxAttempts"/> the bot says goodbye
/// and hangs up. The whole conversation runs in <see cref="OnEstablishedAsync"/>: keys arrive through
/// <see cref="ICallContext.CollectDigitsAsync"/> while it runs, and the token is cancelled when the caller hangs up.
/// </summary>
public sealed class IvrMenuHandler(IvrOptions options, IVoicemailBox voicemail, TimeProvider? timeProvider = null) : CallHandler
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await call.PlayPromptAsync(options.Prompts.Greeting, cancellationToken);
        await RunMenuAsync(call, cancellationToken);
    }

    /// <summary>The bot restarted while the caller was in the menu: no greeting again, straight back to the menu.</summary>
    public override Task OnAdoptedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunMenuAsync(call, cancellationToken);
    }

    private async Task RunMenuAsync(ICallContext call, CancellationToken cancellationToken)
    {
        var prompts = options.Prompts;
        var menuKey = new DigitCollectionOptions { MaxDigits = 1, FirstDigitTimeout = options.MenuTimeout };
        var failures = 0;
        while (true)
        {
            await call.PlayPromptAsync(prompts.Menu, cancellationToken);
            var choice = await call.CollectDigitsAsync(menuKey, cancellationToken);
            var key = choice.Outcome == DigitCollectionOutcome.TimedOut ? (char?)null : choice.Digits[0];
            switch (key)
            {
                case '1':
                    failures = 0;
                    await call.PlayPromptAsync(prompts.Information, cancellationToken);
                    break;
                case '0':
                    failures = 0;
                    break;
                case '2':
                    await call.PlayPromptAsync(prompts.Transferring, cancellationToken);
                    await call.TransferAsync(options.Operator, cancellationToken);
                    return;
                case '3':
                    await TakeMessageAsync(call, cancellationToken);
                    return;
                default:
                    if (++failures >= options.MaxAttempts)
                    {
                        await call.PlayPromptAsync(prompts.Goodbye, cancellationToken);
                        await call.HangUpAsync(cancellationToken);
                        return;
                    }

                    await call.PlayPromptAsync(key is null ? prompts.NoInput : prompts.InvalidKey, cancellationToken);
                    break;
            }
        }
    }

    private async Task TakeMessageAsync(ICallContext call, CancellationToken cancellationToken)
    {
        var recording = await call.RecordResponseAsync(
            new RecordResponseOptions { Prompts = [options.Prompts.LeaveMessage], StopTones = "#", MaxRecordDuration = options.MaxMessageLength },
            cancellationToken);
        await voicemail.SaveAsync(new VoicemailMessage(call.CallId, call.Incoming?.Caller, recording, _time.GetUtcNow()), cancellationToken);
        await call.PlayPromptAsync(options.Prompts.MessageSaved, cancellationToken);
        await call.HangUpAsync(cancellationToken);
    }
}
