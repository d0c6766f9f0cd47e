using System.Collections.ObjectModel;

namespace CallingBot.Core.Handlers;

/// <summary>The empty saved state of a call.</summary>
internal static class EmptyState
{
    public static readonly IReadOnlyDictionary<string, string> Instance = ReadOnlyDictionary<string, string>.Empty;
}
