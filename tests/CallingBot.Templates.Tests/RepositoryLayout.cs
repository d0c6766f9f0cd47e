using System.Reflection;
using System.Xml.Linq;

namespace CallingBot.Templates.Tests;

/// <summary>Where the repository's files are, seen from the test's output folder.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string TemplatePack => Path.Combine(Root, "templates", "CallingBot.Templates");

    public static string BotTemplate => Path.Combine(TemplatePack, "content", "callingbot");

    /// <summary>The build configuration of this test assembly, which the packed libraries were built in too.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>
    /// <paramref name="project"/> (relative to the root) and every project it references, directly or not: what a bot
    /// referencing it restores as packages.
    /// </summary>
    public static IReadOnlyList<string> ProjectClosure(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(Path.Combine(Root, project))]);
        while (pending.TryPop(out var path))
        {
            if (!seen.Add(path))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(path)!;
            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.GetFullPath(Path.Combine(directory, include)));
            }
        }

        return [.. seen.Select(p => Path.GetRelativePath(Root, p))];
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallingBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"CallingBot.sln not found above {AppContext.BaseDirectory}.");
    }
}
