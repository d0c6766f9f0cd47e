using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Tests.Identity;

public sealed class KeyFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "emulator-keys-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task StartAsync_NewDataDirectory_KeyFilesReadableByOwnerOnly()
    {
        await using (await GraphEmulator.StartAsync(new EmulatorOptions { DataDirectory = _directory, HttpPort = null }))
        {
        }

        AssertOwnerOnly(Path.Combine(_directory, "signing-key.pem"));
        AssertOwnerOnly(Path.Combine(_directory, "emulator-tls.pfx"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        }

        Assert.Equal(["emulator-tls.cer", "emulator-tls.pfx", "signing-key.pem"], System.IO.Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task StartAsync_KeyFilesLeftWorldReadableByAnEarlierVersion_NarrowsThemAndKeepsTheKeys()
    {
        string thumbprint;
        await using (var first = await GraphEmulator.StartAsync(new EmulatorOptions { DataDirectory = _directory, HttpPort = null }))
        {
            thumbprint = first.TlsCertificate.Thumbprint;
        }

        if (!OperatingSystem.IsWindows())
        {
            var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            File.SetUnixFileMode(Path.Combine(_directory, "signing-key.pem"), readable);
            File.SetUnixFileMode(Path.Combine(_directory, "emulator-tls.pfx"), readable);
        }

        await using (var second = await GraphEmulator.StartAsync(new EmulatorOptions { DataDirectory = _directory, HttpPort = null }))
        {
            Assert.Equal(thumbprint, second.TlsCertificate.Thumbprint);
        }

        AssertOwnerOnly(Path.Combine(_directory, "signing-key.pem"));
        AssertOwnerOnly(Path.Combine(_directory, "emulator-tls.pfx"));
    }

    [Fact]
    public void WriteAllBytes_ExistingWorldReadableFile_ReplacedByOwnerOnlyFile()
    {
        System.IO.Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "key.bin");
        File.WriteAllBytes(path, [1, 2, 3]);

        PrivateFile.WriteAllBytes(path, [4, 5]);

        Assert.Equal([4, 5], File.ReadAllBytes(path));
        AssertOwnerOnly(path);
        Assert.Single(System.IO.Directory.GetFiles(_directory));
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    private static void AssertOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            AssertOnlyCurrentUser(path);
            return;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [SupportedOSPlatform("windows")]
    private static void AssertOnlyCurrentUser(string path)
    {
        using var identity = WindowsIdentity.GetCurrent();
        var security = new FileInfo(path).GetAccessControl();
        var rules = security.GetAccessRules(includeExplicit: true, includeInherited: true, typeof(SecurityIdentifier)).Cast<FileSystemAccessRule>().ToList();
        Assert.True(security.AreAccessRulesProtected, "inherited access rules must be removed");
        var rule = Assert.Single(rules);
        Assert.Equal(identity.User, rule.IdentityReference);
    }
}
