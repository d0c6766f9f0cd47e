using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Media;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Softphone;

/// <summary>
/// The audio of a service-hosted prompt the bot asked the service to play, for the softphone page: only prompts the bot
/// named in a playPrompt or recordResponse request of the call (read from its timeline), only <c>.wav</c> files, only
/// when the URI is a <c>file:</c> URI or falls under one of the prompt directories (<see cref="PromptDirectoryList"/>); 16-bit PCM of
/// 8 – 96 kHz, mono or stereo, at most <see cref="MaxFileBytes"/>. Returned as a 16 kHz mono WAV.
/// </summary>
internal static class PromptAudio
{
    public const int MaxFileBytes = 32 * 1024 * 1024;

    /// <summary>Whether <paramref name="path"/> ends with the action <paramref name="name"/>, plain or qualified (<c>microsoft.graph.{name}</c>).</summary>
    private static bool IsAction(string path, string name) =>
        path.EndsWith("/" + name, StringComparison.OrdinalIgnoreCase) || path.EndsWith("/microsoft.graph." + name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The prompt URI of <paramref name="entry"/>'s <paramref name="index"/>-th prompt; <see cref="KeyNotFoundException"/> when there is none.</summary>
    public static string PromptUri(TimelineEntry entry, int index)
    {
        if (entry.Kind != TimelineEntryKind.Request || entry.Path is null
            || !(IsAction(entry.Path, "playPrompt") || IsAction(entry.Path, "recordResponse") || IsAction(entry.Path, "record")))
        {
            throw new KeyNotFoundException($"Timeline entry {entry.Sequence} is not a playPrompt or recordResponse request.");
        }

        JsonNode? body;
        try
        {
            body = entry.Body is null ? null : JsonNode.Parse(entry.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        var prompts = body?["prompts"] as JsonArray;
        if (prompts is null || index < 0 || index >= prompts.Count)
        {
            throw new KeyNotFoundException($"Timeline entry {entry.Sequence} has no prompt {index}.");
        }

        return (prompts[index]?["mediaInfo"]?["uri"] as JsonValue)?.TryGetValue<string>(out var uri) == true
            ? uri
            : throw new KeyNotFoundException($"Prompt {index} of timeline entry {entry.Sequence} has no mediaInfo.uri.");
    }

    /// <summary>The local file <paramref name="uri"/> names, or null with the reason when it names none the emulator may read.</summary>
    public static (string? Path, string? Reason) Resolve(string uri, IReadOnlyList<PromptDirectory> directories)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return (null, "The prompt's URI is not an absolute URI.");
        }

        string? path = null;
        if (parsed.IsFile)
        {
            path = parsed.LocalPath;
        }
        else
        {
            foreach (var (prefix, directory) in directories.Select(d => (d.UriPrefix, d.Directory)))
            {
                if (uri.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var relative = Uri.UnescapeDataString(uri[prefix.Length..].Split('?', '#')[0]);
                    var root = Path.GetFullPath(directory);
                    var candidate = Path.GetFullPath(Path.Combine(root, relative));
                    if (!candidate.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        return (null, "The prompt's URI leaves its prompt directory.");
                    }

                    path = candidate;
                    break;
                }
            }
        }

        if (path is null)
        {
            return (null, "The prompt's URI is neither a file: URI nor under one of the prompt directories (Emulator:Softphone:PromptDirectories, PUT /emulator/softphone/promptDirectories).");
        }

        if (!path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "The prompt is not a .wav file.");
        }

        return File.Exists(path) ? (path, null) : (null, "The prompt's file does not exist on the emulator's machine.");
    }

    /// <summary>A 16 kHz mono 16-bit WAV of <paramref name="path"/>; <see cref="ArgumentException"/> for files it cannot play.</summary>
    public static byte[] Load(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
        {
            throw new ArgumentException($"The prompt's file has {info.Length} bytes; the softphone plays files of at most {MaxFileBytes}.");
        }

        var (samples, rate, channels) = ReadPcm16(File.ReadAllBytes(path));
        var resampled = PcmResampler.ToTarget(samples, rate, channels);
        var bytes = new byte[resampled.Length * 2];
        for (var i = 0; i < resampled.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), resampled[i]);
        }

        return WavCodec.Write(bytes);
    }

    /// <summary>The interleaved samples, rate and channels of a 16-bit PCM WAV file.</summary>
    public static (short[] Samples, int Rate, int Channels) ReadPcm16(byte[] file)
    {
        if (file.Length < 12 || Encoding.ASCII.GetString(file, 0, 4) != "RIFF" || Encoding.ASCII.GetString(file, 8, 4) != "WAVE")
        {
            throw new ArgumentException("The prompt is not a WAV file (RIFF/WAVE header missing).");
        }

        int? rate = null;
        var channels = 0;
        var offset = 12;
        while (offset + 8 <= file.Length)
        {
            var id = Encoding.ASCII.GetString(file, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset + 4));
            var body = offset + 8;
            if (size < 0 || body + size > file.Length)
            {
                size = file.Length - body;
            }

            if (id == "fmt " && size >= 16)
            {
                var tag = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(body));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(body + 2));
                rate = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(body + 4));
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(body + 14));
                if ((tag != 1 && tag != 0xFFFE) || bits != 16)
                {
                    throw new ArgumentException($"The prompt is WAV format {tag} with {bits}-bit samples; the softphone plays 16-bit PCM (convert with: sox in.wav -b 16 out.wav).");
                }
            }
            else if (id == "data")
            {
                if (rate is null)
                {
                    throw new ArgumentException("The prompt's WAV file has no 'fmt ' chunk before its 'data' chunk.");
                }

                var samples = new short[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(body + (i * 2)));
                }

                return (samples, rate.Value, channels);
            }

            offset = body + size + (size & 1);
        }

        throw new ArgumentException("The prompt's WAV file has no 'data' chunk.");
    }
}
