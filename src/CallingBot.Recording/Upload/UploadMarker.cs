using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallingBot.Recording.Upload;

/// <summary>
/// <c>{recording}.uploaded</c>, committed next to a recording's metadata once every file of it was uploaded and
/// verified: the uploader's record that the recording is in the container, and what the retention deletes.
/// </summary>
/// <param name="UploadedAt">When the last file was verified.</param>
/// <param name="Container">The container's URL (no credentials).</param>
/// <param name="Files">Every file uploaded, the metadata last.</param>
public sealed record UploadMarker(DateTimeOffset UploadedAt, string Container, IReadOnlyList<UploadedFile> Files)
{
    /// <summary>Suffix of the marker file after the recording's base name (<c>{start}_{call}.uploaded</c>).</summary>
    public const string Suffix = ".uploaded";
}

/// <summary>One file of a recording in the container.</summary>
/// <param name="Name">The local file name.</param>
/// <param name="Blob">The blob name in the container.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Md5">Lower-case hex MD5 of its content, as the local file's and the service's agree.</param>
public sealed record UploadedFile(string Name, string Blob, long Bytes, string Md5);

/// <summary>Source-generated JSON for <see cref="UploadMarker"/> (camelCase, indented).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(UploadMarker))]
public sealed partial class UploadMarkerJson : JsonSerializerContext;
