using CallingBot.Core.Handlers;

namespace CallingBot.Core.Manager;

/// <summary>Applies <see cref="DigitCollectionOptions"/> to a <see cref="ToneBuffer"/> with timeouts on the injected clock.</summary>
internal static class DigitCollector
{
    public static async Task<DigitCollectionResult> CollectAsync(ToneBuffer buffer, DigitCollectionOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        options.Validate();
        if (!options.IncludeBufferedKeys)
        {
            buffer.Clear();
        }

        var digits = new System.Text.StringBuilder(options.MaxDigits);
        while (true)
        {
            while (buffer.TryTake(out var key))
            {
                key = char.ToUpperInvariant(key);
                if (options.Terminator is { } terminator && key == char.ToUpperInvariant(terminator))
                {
                    return new DigitCollectionResult(digits.ToString(), DigitCollectionOutcome.Terminated);
                }

                digits.Append(key);
                if (digits.Length >= options.MaxDigits)
                {
                    return new DigitCollectionResult(digits.ToString(), DigitCollectionOutcome.Completed);
                }
            }

            var timeout = digits.Length == 0 ? options.FirstDigitTimeout : options.InterDigitTimeout;
            using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            try
            {
                await buffer.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return new DigitCollectionResult(digits.ToString(), DigitCollectionOutcome.TimedOut);
            }
        }
    }
}
