namespace CallingBot.Core.Tests.Fakes;

/// <summary>One call a fake received: the member name, its main argument (null when it has none) and the token it was given.</summary>
public sealed record PlatformOperation(string Name, object? Argument, CancellationToken CancellationToken);
