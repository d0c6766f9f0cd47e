using System.Reflection;
using Microsoft.Extensions.Logging;

namespace CallingBot.Host.Tests.Diagnostics;

/// <summary>
/// The product's log event ids, read by reflection from every [LoggerMessage] of every product assembly: unique across
/// the product (the in-process emulator and the bot log to the same sinks), each inside its project's block, and each
/// taken from its project's one event-id table, whose every constant is used exactly once.
/// </summary>
public sealed class EventIdTableTests
{
    /// <summary>Each product assembly, its event-id table and its block. docs/operations.md publishes the same blocks.</summary>
    private static readonly ProjectBlock[] Blocks =
    [
        new("CallingBot.Emulator", "CallingBot.Emulator.Diagnostics.EmulatorEventIds", 1, 999),
        new("CallingBot.Core", "CallingBot.Core.Diagnostics.CoreEventIds", 1000, 1999),
        new("CallingBot.Graph", "CallingBot.Graph.Diagnostics.GraphEventIds", 2000, 2999),
        new("CallingBot.AspNetCore", "CallingBot.AspNetCore.Diagnostics.AspNetCoreEventIds", 3000, 3499),
        new("CallingBot.Media", "CallingBot.Media.Diagnostics.MediaEventIds", 3500, 3999),
        new("CallingBot.Recording", "CallingBot.Recording.Diagnostics.RecordingEventIds", 4000, 4999),
        new("CallingBot.Acs", "CallingBot.Acs.Diagnostics.AcsEventIds", 5000, 5999),
        new("CallingBot.Cluster", "CallingBot.Cluster.Diagnostics.ClusterEventIds", 6000, 6999),
        new("CallingBot.History", "CallingBot.History.Diagnostics.HistoryEventIds", 7000, 7999),
        new("CallingBot.Dashboard", "CallingBot.Dashboard.Diagnostics.DashboardEventIds", 8000, 8099),
        new("CallingBot.Media.Windows", "CallingBot.Media.Windows.Diagnostics.MediaWindowsEventIds", 9000, 9999),
    ];

    /// <summary>
    /// Product assemblies that log nothing of their own: the deployable service only composes the hosting library, and the
    /// testing kit drives a bot from a test.
    /// </summary>
    private static readonly string[] WithoutEvents = ["CallingBot.AspNetCore.Testing", "CallingBot.Host"];

    [Fact]
    public void ProductAssemblies_EveryOneReferenced_HasABlock()
    {
        var referenced = Directory.GetFiles(AppContext.BaseDirectory, "CallingBot.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal) && !name.StartsWith("CallingBot.Testing", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(Blocks.Select(b => b.Assembly).Concat(WithoutEvents).Order(StringComparer.Ordinal), referenced);
    }

    [Fact]
    public void ProductAssembliesWithoutABlock_HaveNoLoggerMessages()
    {
        var messages = WithoutEvents
            .SelectMany(name => LoggerMessages(Assembly.Load(name)).Select(m => $"{name}: {m.Describe()} ({m.Attribute.EventId})"))
            .ToArray();

        AssertNone(messages);
    }

    [Fact]
    public void Blocks_DoNotOverlap()
    {
        var ordered = Blocks.OrderBy(b => b.First).ToArray();

        Assert.All(ordered, b => Assert.True(b.First is > 0 && b.First <= b.Last, $"{b.Assembly}: {b.First}-{b.Last} is not a block"));
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i].First > ordered[i - 1].Last, $"{ordered[i].Assembly} starts inside the block of {ordered[i - 1].Assembly}");
        }
    }

    [Fact]
    public void LoggerMessages_AcrossTheProduct_HaveUniqueEventIds()
    {
        var duplicates = Blocks
            .SelectMany(b => LoggerMessages(b.Load()))
            .GroupBy(m => m.Attribute.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Describe()))}")
            .ToArray();

        AssertNone(duplicates);
    }

    [Fact]
    public void LoggerMessages_OfEachProject_LieInsideItsBlock()
    {
        var outside = Blocks
            .SelectMany(b => LoggerMessages(b.Load())
                .Where(m => m.Attribute.EventId < b.First || m.Attribute.EventId > b.Last)
                .Select(m => $"{m.Describe()} has id {m.Attribute.EventId}, outside {b.First}-{b.Last}"))
            .ToArray();

        AssertNone(outside);
    }

    [Fact]
    public void EventIdTables_EachConstant_UsedByExactlyOneLoggerMessageNamedAfterIt()
    {
        var problems = new List<string>();
        foreach (var block in Blocks)
        {
            var assembly = block.Load();
            var table = assembly.GetType(block.Table);
            if (table is null)
            {
                problems.Add($"{block.Assembly} has no event-id table {block.Table}");
                continue;
            }

            var constants = table.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(int))
                .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!, StringComparer.Ordinal);
            problems.AddRange(constants.GroupBy(c => c.Value).Where(g => g.Count() > 1).Select(g => $"{block.Table}: {string.Join(", ", g.Select(c => c.Key))} share {g.Key}"));

            var messages = LoggerMessages(assembly).ToArray();
            foreach (var (name, id) in constants)
            {
                var users = messages.Where(m => m.Attribute.EventId == id).ToArray();
                if (users.Length != 1)
                {
                    problems.Add($"{block.Table}.{name} ({id}) is used by {users.Length} [LoggerMessage] methods");
                }
            }

            foreach (var message in messages)
            {
                var name = message.Attribute.EventName;
                if (name is null || !constants.TryGetValue(name, out var id) || id != message.Attribute.EventId)
                {
                    problems.Add($"{message.Describe()} (id {message.Attribute.EventId}, name {name ?? "none"}) is not {block.Table}.{name}");
                }
            }
        }

        AssertNone(problems);
    }

    private static void AssertNone(IReadOnlyCollection<string> problems) =>
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

    private static IEnumerable<LoggerMessageMethod> LoggerMessages(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance))
            .SelectMany(m => m.GetCustomAttributes<LoggerMessageAttribute>().Select(a => new LoggerMessageMethod(m, a)));

    private sealed record ProjectBlock(string Assembly, string Table, int First, int Last)
    {
        public Assembly Load() => System.Reflection.Assembly.Load(Assembly);
    }

    private sealed record LoggerMessageMethod(MethodInfo Method, LoggerMessageAttribute Attribute)
    {
        public string Describe() => $"{Method.DeclaringType!.FullName}.{Method.Name}";
    }
}
