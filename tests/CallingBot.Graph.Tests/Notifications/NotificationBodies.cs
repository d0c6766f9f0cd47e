namespace CallingBot.Graph.Tests.Notifications;

/// <summary>Notification batches about call resources, as Graph (and the emulator) send them.</summary>
internal static class NotificationBodies
{
    public const string Tenant = "5c1a2b3c-0000-4000-8000-0000000be4da";

    /// <summary>Captured from the emulator's timeline: the incoming-call notification of a call from a Teams user.</summary>
    public const string IncomingFromEmulator = """
        {"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/2c4146ca-f27e-40be-8cc5-dc905a955f8f","resourceData":{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/2c4146ca-f27e-40be-8cc5-dc905a955f8f","@odata.etag":"W/\u00221\u0022","state":"incoming","direction":"incoming","callbackUri":"https://127.0.0.1:47999/api/calling","callChainId":"3d301535-35bb-4eb4-aa4d-0e55fc392a06","callRoutes":[],"source":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","displayName":"Adele Vance","id":"8a34a46b-3d17-4adc-8dce-dc4e7d572698","tenantId":"5c1a2b3c-0000-4000-8000-0000000be4da","identityProvider":"AAD"}},"endpointType":"default","region":"amer","languageId":"en-US","id":"d8039935-61c1-435d-865d-bef97f262663","countryCode":null},"targets":[{"@odata.type":"#microsoft.graph.invitationParticipantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","application":{"@odata.type":"#microsoft.graph.identity","displayName":"x","id":"5c1a2b3c-0000-4000-8000-0000000be4d1"}},"endpointType":"default","region":"amer","languageId":"en-US","id":"eda0b2e1-3bf5-4926-904a-e892b2af4cd0","replacesCallId":null}],"requestedModalities":["audio"],"activeModalities":[],"mediaConfig":null,"chatInfo":null,"meetingInfo":null,"transcription":null,"routingPolicies":[],"tenantId":"5c1a2b3c-0000-4000-8000-0000000be4da","myParticipantId":"eda0b2e1-3bf5-4926-904a-e892b2af4cd0","id":"2c4146ca-f27e-40be-8cc5-dc905a955f8f","subject":null,"terminationReason":null,"ringingTimeoutInSeconds":null,"mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"inactive"},"resultInfo":null,"answeredBy":null,"callOptions":null,"meetingCapability":null,"toneInfo":null}}]}
        """;

    public const string Established = """
        {"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c2","resourceData":{"@odata.type":"#microsoft.graph.call","@odata.etag":"W/\u00223\u0022","id":"c2","state":"established","direction":"incoming","myParticipantId":"p-bot","activeModalities":["audio"],"mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"active"},"callOptions":{"@odata.type":"#microsoft.graph.incomingCallOptions","isContentSharingNotificationEnabled":true},"ringingTimeoutInSeconds":30}}]}
        """;

    public const string Terminated = """
        {"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c3","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c3","state":"terminated","terminationReason":"AppHungUp","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":5001,"message":"The conversation has ended."}}}]}
        """;

    public const string Deleted = """
        {"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","resourceUrl":"/communications/calls/c4","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c4","state":"terminated"}}]}
        """;

    public const string MeetingIncoming = """
        {"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c5","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c5","state":"incoming","direction":"incoming","subject":"Weekly","chatInfo":{"@odata.type":"#microsoft.graph.chatInfo","threadId":"19:meeting_abc@thread.v2","messageId":"0"},"meetingInfo":{"@odata.type":"#microsoft.graph.organizerMeetingInfo","organizer":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"o1","displayName":"Organizer","tenantId":"5c1a2b3c-0000-4000-8000-0000000be4da"}}},"source":{"@odata.type":"#microsoft.graph.participantInfo","id":"s1","identity":{"@odata.type":"#microsoft.graph.identitySet","phone":{"@odata.type":"#microsoft.graph.identity","id":"+14255550100"}}},"incomingContext":{"@odata.type":"#microsoft.graph.incomingContext","sourceParticipantId":"s1","observedParticipantId":"s1","onBehalfOf":null,"transferor":null}}}]}
        """;

    public const string TwoInOneBatch = """
        {"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c6","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c6","state":"establishing"}},{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c6","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c6","state":"established"}}]}
        """;

    public const string GuestIncoming = """
        {"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/c7","resourceData":{"@odata.type":"#microsoft.graph.call","id":"c7","state":"incoming","direction":"incoming","source":{"@odata.type":"#microsoft.graph.participantInfo","id":"s7","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"guest-7","displayName":"Visitor","identityProvider":"None","tenantId":null}}}}}]}
        """;

    public static string Created(string id) =>
        $$$"""{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/{{{id}}}","resourceData":{"@odata.type":"#microsoft.graph.call","id":"{{{id}}}","state":"incoming","direction":"incoming","tenantId":"{{{Tenant}}}"}}]}""";

    /// <summary>A roster as the emulator sends it (participant resources built like its own): the caller and the bot.</summary>
    public const string Roster = """
        {"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c2/participants","resourceData":[{"@odata.type":"#microsoft.graph.participant","info":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","displayName":"Adele Vance","id":"8a34a46b-3d17-4adc-8dce-dc4e7d572698","tenantId":"5c1a2b3c-0000-4000-8000-0000000be4da","identityProvider":"AAD"}},"endpointType":"default","region":"amer","languageId":"en-US","id":"p-caller","countryCode":null},"mediaStreams":[{"@odata.type":"#microsoft.graph.mediaStream","mediaType":"audio","label":"main-audio","sourceId":"1","direction":"sendReceive","serverMuted":false}],"isMuted":false,"isInLobby":false,"meetingRole":null,"metadata":null,"id":"p-caller","rosterSequenceNumber":2},{"@odata.type":"#microsoft.graph.participant","info":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","application":{"@odata.type":"#microsoft.graph.identity","displayName":"Bot","id":"5c1a2b3c-0000-4000-8000-0000000be4d1"}},"endpointType":"default","region":"amer","languageId":"en-US","id":"p-bot","countryCode":null},"mediaStreams":[{"@odata.type":"#microsoft.graph.mediaStream","mediaType":"audio","label":"main-audio","sourceId":"2","direction":"sendReceive","serverMuted":false}],"isMuted":true,"isInLobby":false,"meetingRole":"attendee","metadata":"{\u0022k\u0022:1}","id":"p-bot","recordingInfo":{"@odata.type":"#microsoft.graph.recordingInfo","recordingStatus":"recording"},"rosterSequenceNumber":2}]}]}
        """;

    /// <summary>A guest in a roster (identity provider none), which the SDK's reader turns into a guest identity.</summary>
    public const string GuestRoster = """
        {"value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/c2/participants","resourceData":[{"@odata.type":"#microsoft.graph.participant","id":"p-guest","info":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","displayName":"Guest","id":"g-1","identityProvider":"None","tenantId":null}}},"isMuted":false,"isInLobby":true}]}]}
        """;
}
