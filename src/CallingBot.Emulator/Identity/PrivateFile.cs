using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace CallingBot.Emulator.Identity;

/// <summary>
/// Writes files that hold private keys so that only the current user can read them: mode 0600 on Unix (set when the
/// file is created, so it is never readable by others), an ACL granting only the current user on Windows.
/// </summary>
internal static class PrivateFile
{
    /// <summary>Owner read and write, nothing for group and others.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner read, write and search: the mode of a data directory the emulator creates.</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="contents"/>: the bytes go to a new owner-only file beside
    /// it, which is then moved over the old one, so neither a partly written nor a world-readable key is ever visible.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = CreateOwnerOnly(temporary))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 with <see cref="WriteAllBytes"/>.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Narrows an existing key file (for example one written by an earlier version with mode 0644) to the current
    /// user. Does nothing when it already is; best effort when the file belongs to someone else (it is then left as it is).
    /// </summary>
    public static void Restrict(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                new FileInfo(path).SetAccessControl(OwnerOnlySecurity());
            }
            else if ((File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            {
                File.SetUnixFileMode(path, OwnerOnly);
            }
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Creates <paramref name="directory"/> (mode 0700 on Unix when the emulator creates it); an existing one is left as it is.</summary>
    public static void CreateDirectory(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }
    }

    private static FileStream CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileInfo(path).Create(FileMode.CreateNew, FileSystemRights.FullControl, FileShare.None, 4096, FileOptions.None, OwnerOnlySecurity());
        }

        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = OwnerOnly,
        });
    }

    /// <summary>Full control for the current user only; inherited entries (Users, Everyone) are removed.</summary>
    [SupportedOSPlatform("windows")]
    private static FileSecurity OwnerOnlySecurity()
    {
        using var identity = WindowsIdentity.GetCurrent();
        var user = identity.User ?? throw new InvalidOperationException("The current Windows user has no security identifier.");
        var security = new FileSecurity();
        security.SetOwner(user);
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        security.AddAccessRule(new FileSystemAccessRule(user, FileSystemRights.FullControl, AccessControlType.Allow));
        return security;
    }
}
