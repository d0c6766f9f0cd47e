namespace CallingBot.Testing.Browser;

/// <summary>
/// Where page tests keep their screenshots: <c>CALLINGBOT_TEST_ARTIFACTS</c> when set, else
/// <c>TestResults/screenshots</c> at the repository root (next to the TRX files CI keeps).
/// </summary>
public static class TestArtifacts
{
    private static readonly Lazy<string> Resolved = new(Resolve);

    public static string Directory => Resolved.Value;

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable("CALLINGBOT_TEST_ARTIFACTS");
        var root = configured;
        if (string.IsNullOrWhiteSpace(root))
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CallingBot.sln")))
            {
                folder = folder.Parent;
            }

            root = Path.Combine(folder?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        }

        System.IO.Directory.CreateDirectory(root);
        return root;
    }
}
