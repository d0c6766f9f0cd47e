namespace CallingBot.Host.Tests.Callbacks;

/// <summary>Notification batches for the shape check's tests: a call's ids and the JSON of a batch, a notification and a call.</summary>
internal static class NotificationBatches
{
    public const string CallId = "4f1a0b00-7a3c-4e5d-9f10-aa0011223344";
    public const string OtherCallId = "5e2b1c11-8b4d-4f6e-8a21-bb1122334455";
    public const string CallPath = "/communications/calls/" + CallId;

    public static string Notification(string changeType, string resourceUrl, string resourceData) =>
        $$"""{"@odata.type":"#microsoft.graph.commsNotification","changeType":"{{changeType}}","resourceUrl":"{{resourceUrl}}","resourceData":{{resourceData}}}""";

    public static string Batch(params string[] notifications) =>
        $$"""{"@odata.type":"#microsoft.graph.commsNotifications","value":[{{string.Join(',', notifications)}}]}""";

    public static string Call(string id, string state = "established", string extra = "") =>
        $$"""{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/{{id}}","id":"{{id}}","state":"{{state}}","direction":"incoming"{{extra}}}""";
}
