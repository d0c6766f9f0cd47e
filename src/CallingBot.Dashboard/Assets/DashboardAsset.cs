namespace CallingBot.Dashboard.Assets;

/// <summary>One embedded file of the dashboard, with its content type and entity tag.</summary>
internal sealed record DashboardAsset(string Name, byte[] Content, string ContentType, string ETag);
