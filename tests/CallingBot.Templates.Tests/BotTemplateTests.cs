using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CallingBot.Templates.Tests;

/// <summary>
/// The template pack as a developer uses it: installed from its folder, a bot created with <c>dotnet new callingbot</c>,
/// built against CallingBot packages packed from this build, and its own end-to-end tests run.
/// </summary>
public sealed partial class BotTemplateTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task NewBot_FromTheTemplateFolder_BuildsAndItsTestsPass()
    {
        var work = Directory.CreateTempSubdirectory("callingbot-template-");
        var version = $"0.0.0-template.{Guid.NewGuid():N}"[..32];
        try
        {
            var packages = Path.Combine(work.FullName, "packages");
            var hive = Path.Combine(work.FullName, "hive");
            await PackLibrariesAsync(work.FullName, packages, version);

            await DotnetCli.RunAsync("install the template pack from its folder", work.FullName, CommandTimeout,
                "new", "install", RepositoryLayout.TemplatePack, "--debug:custom-hive", hive);
            await DotnetCli.RunAsync("create a bot with dotnet new callingbot", work.FullName, CommandTimeout,
                "new", "callingbot", "-n", "MyBot", "-o", Path.Combine(work.FullName, "MyBot"),
                "--packages", packages, "--callingbot-version", version, "--debug:custom-hive", hive);

            var bot = Path.Combine(work.FullName, "MyBot");
            Assert.True(File.Exists(Path.Combine(bot, "src", "MyBot", "Program.cs")), "the bot's Program.cs");
            Assert.True(File.Exists(Path.Combine(bot, "nuget.config")), "the bot's nuget.config naming the package folder");
            Assert.Contains(packages, await File.ReadAllTextAsync(Path.Combine(bot, "nuget.config")), StringComparison.Ordinal);

            var test = await DotnetCli.RunAsync("build and test the new bot", bot, CommandTimeout, "test", "MyBot.sln");
            var passed = PassedCount().Match(test.Output);
            Assert.True(passed.Success, $"the new bot's test summary\n{test.Output}");
            Assert.True(int.Parse(passed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, $"the new bot's tests ran\n{test.Output}");
        }
        finally
        {
            work.Delete(recursive: true);
            ForgetPackages(version);
        }
    }

    [Fact]
    public void TemplateProjects_ThirdPartyPackages_AreTheVersionsTheRepositoryBuildsWith()
    {
        var central = XDocument.Load(Path.Combine(RepositoryLayout.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value, StringComparer.OrdinalIgnoreCase);
        var checkedReferences = 0;
        foreach (var project in Directory.EnumerateFiles(RepositoryLayout.BotTemplate, "*.csproj", SearchOption.AllDirectories))
        {
            foreach (var reference in XDocument.Load(project).Descendants("PackageReference"))
            {
                var id = reference.Attribute("Include")!.Value;
                var version = reference.Attribute("Version")!.Value;
                if (id.StartsWith("CallingBot.", StringComparison.Ordinal))
                {
                    Assert.Equal("CALLINGBOT_PACKAGE_VERSION", version);
                    continue;
                }

                Assert.True(central.TryGetValue(id, out var expected), $"{Path.GetFileName(project)} references {id}, which the repository does not use");
                Assert.True(expected == version, $"{Path.GetFileName(project)} references {id} {version}; the repository builds with {expected}");
                checkedReferences++;
            }
        }

        Assert.True(checkedReferences >= 3, "the template's test project references xunit, its runner and the test SDK");
    }

    [Fact]
    public void TemplateManifest_DeclaresTheShortNameAndTheParametersTheDocsUse()
    {
        using var manifest = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(RepositoryLayout.BotTemplate, ".template.config", "template.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        Assert.Equal("callingbot", manifest.RootElement.GetProperty("shortName").GetString());
        Assert.Equal("MyBot", manifest.RootElement.GetProperty("sourceName").GetString());
        var symbols = manifest.RootElement.GetProperty("symbols");
        var props = XDocument.Load(Path.Combine(RepositoryLayout.Root, "Directory.Build.props")).Descendants().ToDictionary(e => e.Name.LocalName, e => e.Value);
        Assert.Equal($"{props["VersionPrefix"]}-{props["VersionSuffix"]}", symbols.GetProperty("CallingBotVersion").GetProperty("defaultValue").GetString());
        Assert.True(symbols.TryGetProperty("Packages", out _));

        var gettingStarted = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docs", "getting-started.md"));
        Assert.Contains("dotnet new install ./templates/CallingBot.Templates", gettingStarted, StringComparison.Ordinal);
        Assert.Contains("dotnet new callingbot -n MyBot", gettingStarted, StringComparison.Ordinal);
        Assert.Contains("--packages", gettingStarted, StringComparison.Ordinal);
    }

    /// <summary>Packs the libraries a bot references, as built for this test run, under a version used only here.</summary>
    private static async Task PackLibrariesAsync(string work, string packages, string version)
    {
        var projects = RepositoryLayout.ProjectClosure(Path.Combine("src", "CallingBot.AspNetCore.Testing", "CallingBot.AspNetCore.Testing.csproj"));
        var filter = Path.Combine(work, "bot-libraries.slnf");
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new
        {
            solution = new { path = Path.Combine(RepositoryLayout.Root, "CallingBot.sln"), projects },
        }));
        await DotnetCli.RunAsync("pack the CallingBot libraries", work, CommandTimeout,
            "pack", filter, "--no-build", "-c", RepositoryLayout.Configuration, "-o", packages, $"-p:PackageVersion={version}");
        foreach (var project in projects)
        {
            var id = Path.GetFileNameWithoutExtension(project);
            Assert.True(File.Exists(Path.Combine(packages, $"{id}.{version}.nupkg")), $"package {id} {version} packed");
        }
    }

    /// <summary>The packages of this run leave the machine's package cache with the test.</summary>
    private static void ForgetPackages(string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(cache))
        {
            return;
        }

        foreach (var package in Directory.EnumerateDirectories(cache, "callingbot.*"))
        {
            var folder = Path.Combine(package, version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"Passed:\s+(\d+)")]
    private static partial Regex PassedCount();
}
