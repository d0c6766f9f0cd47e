namespace CallingBot.Host.Tests;

/// <summary>Tests that measure the process's managed memory run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory";
}
