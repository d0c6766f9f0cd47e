namespace CallingBot.Core.Tests.Fakes;

/// <summary>
/// Records operations and applies what a test scripted for them: fail with an exception, or hang until
/// released (hanging operations honour their cancellation token).
/// </summary>
public sealed class OperationRecorder
{
    private readonly Lock _gate = new();
    private readonly List<PlatformOperation> _operations = [];
    private readonly Dictionary<string, Exception> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _hangs = new(StringComparer.Ordinal);

    public IReadOnlyList<PlatformOperation> Operations
    {
        get
        {
            lock (_gate)
            {
                return _operations.ToArray();
            }
        }
    }

    public IReadOnlyList<string> Names => Operations.Select(o => o.Name).ToArray();

    public int Count(string name) => Operations.Count(o => o.Name == name);

    public PlatformOperation OnlyOperation(string name) => Assert.Single(Operations, o => o.Name == name);

    public T SingleArgument<T>(string name) => Assert.IsType<T>(OnlyOperation(name).Argument);

    /// <summary>Every later call of <paramref name="name"/> throws <paramref name="exception"/>.</summary>
    public void Fail(string name, Exception exception)
    {
        lock (_gate)
        {
            _failures[name] = exception;
        }
    }

    /// <summary>Calls of <paramref name="name"/> succeed again.</summary>
    public void Heal(string name)
    {
        lock (_gate)
        {
            _failures.Remove(name);
        }
    }

    /// <summary>Calls of <paramref name="name"/> do not complete until <see cref="Release"/> (or their token is cancelled).</summary>
    public void Hang(string name)
    {
        lock (_gate)
        {
            _hangs[name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release(string name)
    {
        TaskCompletionSource? hang;
        lock (_gate)
        {
            _hangs.Remove(name, out hang);
        }

        hang?.TrySetResult();
    }

    public async Task RunAsync(string name, object? argument, CancellationToken cancellationToken)
    {
        Exception? failure;
        TaskCompletionSource? hang;
        lock (_gate)
        {
            _operations.Add(new PlatformOperation(name, argument, cancellationToken));
            _failures.TryGetValue(name, out failure);
            _hangs.TryGetValue(name, out hang);
        }

        if (hang is not null)
        {
            await hang.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            throw failure;
        }
    }
}
