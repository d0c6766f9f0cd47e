using System.Xml.Linq;

namespace CallingBot.Host.Tests.Architecture;

/// <summary>
/// The project graph of docs/architecture.md ("What may reference what"), read from the project files so that a
/// reference added against the map fails here, naming the project and the reference.
/// </summary>
public sealed class ProjectReferenceTests
{
    /// <summary>Every product project and exactly the product projects it may reference.</summary>
    private static readonly Dictionary<string, string[]> AllowedReferences = new(StringComparer.Ordinal)
    {
        ["CallingBot.Media"] = [],
        ["CallingBot.Core"] = ["CallingBot.Media"],
        ["CallingBot.Recording"] = ["CallingBot.Core", "CallingBot.Media"],
        ["CallingBot.Graph"] = ["CallingBot.Core"],
        ["CallingBot.Media.Windows"] = ["CallingBot.Core", "CallingBot.Media", "CallingBot.Graph"],
        ["CallingBot.Acs"] = ["CallingBot.Core"],
        ["CallingBot.Cluster"] = ["CallingBot.Core"],
        ["CallingBot.History"] = ["CallingBot.Core"],
        ["CallingBot.Dashboard"] = ["CallingBot.Core"],
        ["CallingBot.Emulator"] = [],
        ["CallingBot.AspNetCore"] = ["CallingBot.Core", "CallingBot.Graph", "CallingBot.Acs", "CallingBot.Media.Windows", "CallingBot.Cluster", "CallingBot.Emulator", "CallingBot.History", "CallingBot.Dashboard", "CallingBot.Recording"],
        ["CallingBot.Host"] = ["CallingBot.AspNetCore"],
        ["CallingBot.AspNetCore.Testing"] = ["CallingBot.AspNetCore", "CallingBot.Emulator"],
    };

    /// <summary>
    /// Package prefixes that belong to their owners only (the longest matching prefix decides): the Graph calling SDK and
    /// MSAL stay in the Graph adapter, except the SDK's media extension and Microsoft's media platform, which stay in
    /// the native media adapter (it creates the calls' local media sessions); Orleans and Redis in the cluster; the
    /// database drivers (SQLite, PostgreSQL) in the call history, except the SQLite core the native media adapter pins
    /// for the media SDK (which asks for a version the feed lacks); Blob Storage in recording.
    /// </summary>
    private static readonly (string Prefix, string[] Owners)[] OwnedPackages =
    [
        ("Microsoft.Graph", ["CallingBot.Graph"]),
        ("Microsoft.Graph.Communications.Calls.Media", ["CallingBot.Media.Windows"]),
        ("Microsoft.Skype", ["CallingBot.Media.Windows"]),
        ("Microsoft.Identity.Client", ["CallingBot.Graph"]),
        ("Microsoft.Orleans", ["CallingBot.Cluster"]),
        ("StackExchange.Redis", ["CallingBot.Cluster"]),
        ("Microsoft.Data.Sqlite", ["CallingBot.History"]),
        ("Microsoft.Data.Sqlite.Core", ["CallingBot.History", "CallingBot.Media.Windows"]),
        ("Npgsql", ["CallingBot.History"]),
        ("Azure.Storage", ["CallingBot.Recording"]),
    ];

    /// <summary>Projects the handler API lives in: plain libraries a handler can be tested with, no web stack.</summary>
    private static readonly string[] WithoutWebStack = ["CallingBot.Core", "CallingBot.Media", "CallingBot.Recording"];

    /// <summary>What a sample's handler code may use: the handler API, never the runtime's host or adapters.</summary>
    private static readonly string[] HandlerApi = ["CallingBot.Core", "CallingBot.Media", "CallingBot.Recording"];

    private static readonly string Root = FindRoot();

    [Fact]
    public void ProductProjects_AreExactlyTheOnesOnTheMap()
    {
        var found = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(AllowedReferences.Keys.Order(StringComparer.Ordinal), found);
    }

    public static TheoryData<string> ProductProjects() => new(AllowedReferences.Keys);

    [Theory]
    [MemberData(nameof(ProductProjects))]
    public void ProductProject_ReferencesOnlyWhatTheMapAllows(string project)
    {
        var references = ProjectReferences(ProductProject(project));

        Assert.Equal(AllowedReferences[project].Order(StringComparer.Ordinal), references.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ProductProjects))]
    public void ProductProject_UsesTheGraphSdkAndMsalOnlyInTheGraphAdapter(string project)
    {
        var misplaced = PackageReferences(ProductProject(project))
            .Where(package => OwnedPackages
                .Where(owned => package.StartsWith(owned.Prefix, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(owned => owned.Prefix.Length)
                .Select(owned => owned.Owners)
                .FirstOrDefault() is { } owners && !owners.Contains(project))
            .ToArray();

        Assert.True(misplaced.Length == 0, $"{project} references {string.Join(", ", misplaced)}, which only its owner may reference");
    }

    public static TheoryData<string> WebFreeProjects() => new(WithoutWebStack);

    [Theory]
    [MemberData(nameof(WebFreeProjects))]
    public void HandlerApiProject_HasNoWebStack(string project)
    {
        var document = XDocument.Load(ProductProject(project));

        Assert.Equal("Microsoft.NET.Sdk", document.Root!.Attribute("Sdk")?.Value);
        Assert.Empty(document.Descendants("FrameworkReference"));
        Assert.DoesNotContain(PackageReferences(ProductProject(project)), package => package.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string> SampleHandlerProjects() => new(
        Directory.GetFiles(Path.Combine(FindRoot(), "samples"), "*.csproj", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) == "src")
            .Select(path => Path.GetRelativePath(FindRoot(), path))
            .Order(StringComparer.Ordinal));

    /// <summary>
    /// A sample is an app: its project references the handler API and the hosting library, and only its Program.cs and
    /// its registration (<c>*Registration.cs</c>) use the hosting library; handlers and routers use the handler API alone.
    /// </summary>
    [Theory]
    [MemberData(nameof(SampleHandlerProjects))]
    public void SampleHandlers_UseOnlyTheHandlerApi(string relativePath)
    {
        var project = Path.Combine(Root, relativePath);
        var references = ProjectReferences(project);

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Contains(reference, HandlerApi.Append("CallingBot.AspNetCore")));
        var hostingOutsideTheHost = Directory.GetFiles(Path.GetDirectoryName(project)!, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => Path.GetFileName(path) != "Program.cs" && !Path.GetFileName(path).EndsWith("Registration.cs", StringComparison.Ordinal))
            .Where(path => File.ReadLines(path).Any(line => line.TrimStart().StartsWith("using CallingBot.AspNetCore", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToArray();
        Assert.Empty(hostingOutsideTheHost);
    }

    [Fact]
    public void TestingKit_WorksWithAnyTestFramework_ReferencingNone()
    {
        var packages = PackageReferences(ProductProject("CallingBot.AspNetCore.Testing"));

        Assert.DoesNotContain(packages, package => package.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)
            || package.StartsWith("NUnit", StringComparison.OrdinalIgnoreCase)
            || package.StartsWith("MSTest", StringComparison.OrdinalIgnoreCase)
            || package.Equals("Microsoft.NET.Test.Sdk", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void HostingLibrary_EmulatorReference_CanBeLeftOutOfTheBuild()
    {
        var emulator = XDocument.Load(ProductProject("CallingBot.AspNetCore")).Descendants("ProjectReference")
            .Single(element => element.Attribute("Include")!.Value.EndsWith("CallingBot.Emulator.csproj", StringComparison.Ordinal));

        Assert.Equal("'$(CallingBotEmulator)' == 'true'", emulator.Attribute("Condition")?.Value);
    }

    [Fact]
    public void Emulator_SharesNoCodeWithTheBot()
    {
        var emulator = ProductProject("CallingBot.Emulator");

        Assert.Empty(ProjectReferences(emulator));
        var usings = Directory.GetFiles(Path.GetDirectoryName(emulator)!, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select(line => (path, line: line.Trim())))
            .Where(x => x.line.StartsWith("using CallingBot.", StringComparison.Ordinal) && !x.line.StartsWith("using CallingBot.Emulator", StringComparison.Ordinal))
            .Select(x => $"{Path.GetFileName(x.path)}: {x.line}")
            .ToArray();
        Assert.Empty(usings);
    }

    private static string ProductProject(string name) => Path.Combine(Root, "src", name, name + ".csproj");

    private static string[] ProjectReferences(string projectPath) =>
        XDocument.Load(projectPath).Descendants("ProjectReference")
            .Select(element => Path.GetFileNameWithoutExtension(element.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar)))
            .ToArray();

    private static string[] PackageReferences(string projectPath) =>
        XDocument.Load(projectPath).Descendants("PackageReference")
            .Select(element => element.Attribute("Include")!.Value)
            .ToArray();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallingBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"CallingBot.sln not found above {AppContext.BaseDirectory}; the architecture tests read the project files from the repository.");
    }
}
