namespace CallingBot.AspNetCore.Testing.Tests.Guide;

/// <summary>The example of docs/testing.md is this folder's real test, character for character.</summary>
public sealed class TestingGuideTests
{
    private const string Example = "tests/CallingBot.AspNetCore.Testing.Tests/Guide/SalesMenuTests.cs";

    [Fact]
    public void TestingGuide_Example_IsTheRealTest()
    {
        var root = FindRoot();
        var guide = File.ReadAllText(Path.Combine(root, "docs", "testing.md")).ReplaceLineEndings("\n");
        var marker = guide.IndexOf($"<!-- {Example} -->", StringComparison.Ordinal);
        Assert.True(marker >= 0, $"docs/testing.md marks the example with <!-- {Example} -->");
        var start = guide.IndexOf("```csharp\n", marker, StringComparison.Ordinal) + "```csharp\n".Length;
        var end = guide.IndexOf("```\n", start, StringComparison.Ordinal);

        var shown = guide[start..end];
        var test = File.ReadAllText(Path.Combine(root, Example)).ReplaceLineEndings("\n");

        Assert.Equal(test, shown);
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

        throw new InvalidOperationException($"CallingBot.sln not found above {AppContext.BaseDirectory}; the guide test reads docs/testing.md from the repository.");
    }
}
