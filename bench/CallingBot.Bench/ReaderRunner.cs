using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CallingBot.Graph.Notifications;
using CallingBot.Graph.Serialization;

namespace CallingBot.Bench;

/// <summary>
/// The notification reader on its own, in this process: the incoming-call batch as the emulator sends it, read into
/// the SDK's notification objects by the fast path with the compact backing stores the Graph adapter installs, again
/// and again on one thread. Its floor is parsing the same batch into a <see cref="JsonDocument"/>, which any reader does
/// first. Prints time and bytes allocated per read for five rounds, and the median round against the floor.
/// </summary>
internal static class ReaderRunner
{
    /// <summary>An incoming call as the emulator notifies it (from its timeline; 1,907 bytes).</summary>
    internal const string IncomingCall = """
        {"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"created","resourceUrl":"/communications/calls/2c4146ca-f27e-40be-8cc5-dc905a955f8f","resourceData":{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/2c4146ca-f27e-40be-8cc5-dc905a955f8f","@odata.etag":"W/\u00221\u0022","state":"incoming","direction":"incoming","callbackUri":"https://127.0.0.1:47999/api/calling","callChainId":"3d301535-35bb-4eb4-aa4d-0e55fc392a06","callRoutes":[],"source":{"@odata.type":"#microsoft.graph.participantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","displayName":"Adele Vance","id":"8a34a46b-3d17-4adc-8dce-dc4e7d572698","tenantId":"5c1a2b3c-0000-4000-8000-0000000be4da","identityProvider":"AAD"}},"endpointType":"default","region":"amer","languageId":"en-US","id":"d8039935-61c1-435d-865d-bef97f262663","countryCode":null},"targets":[{"@odata.type":"#microsoft.graph.invitationParticipantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","application":{"@odata.type":"#microsoft.graph.identity","displayName":"x","id":"5c1a2b3c-0000-4000-8000-0000000be4d1"}},"endpointType":"default","region":"amer","languageId":"en-US","id":"eda0b2e1-3bf5-4926-904a-e892b2af4cd0","replacesCallId":null}],"requestedModalities":["audio"],"activeModalities":[],"mediaConfig":null,"chatInfo":null,"meetingInfo":null,"transcription":null,"routingPolicies":[],"tenantId":"5c1a2b3c-0000-4000-8000-0000000be4da","myParticipantId":"eda0b2e1-3bf5-4926-904a-e892b2af4cd0","id":"2c4146ca-f27e-40be-8cc5-dc905a955f8f","subject":null,"terminationReason":null,"ringingTimeoutInSeconds":null,"mediaState":{"@odata.type":"#microsoft.graph.callMediaState","audio":"inactive"},"resultInfo":null,"answeredBy":null,"callOptions":null,"meetingCapability":null,"toneInfo":null}}]}
        """;

    public static int Run(string[] args)
    {
        var reads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        CompactBackingStoreFactory.Install();
        if (CallNotificationReader.TryRead(IncomingCall) is null)
        {
            Console.Error.WriteLine("reader: the batch was not read on the fast path");
            return 1;
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {reads:N0} reads per round of a {IncomingCall.Length:N0}-character incoming-call batch, one thread");
        var floor = Rounds(reads, static () => JsonDocument.Parse(IncomingCall).Dispose());
        var reader = Rounds(reads, static () => CallNotificationReader.TryRead(IncomingCall));
        Console.WriteLine("| what | round times (µs per read) | median | bytes allocated per read | median / floor |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        Print("floor: JsonDocument.Parse of the batch", floor, floor);
        Print("CallNotificationReader.TryRead", reader, floor);
        return 0;
    }

    private static (double[] Micros, long Bytes) Rounds(int reads, Action read)
    {
        for (var i = 0; i < Math.Min(reads, 20_000); i++)
        {
            read();
        }

        var micros = new double[5];
        long bytes = 0;
        for (var round = 0; round < micros.Length; round++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < reads; i++)
            {
                read();
            }

            micros[round] = clock.Elapsed.TotalMicroseconds / reads;
            bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / reads;
        }

        return (micros, bytes);
    }

    private static void Print(string what, (double[] Micros, long Bytes) result, (double[] Micros, long Bytes) floor)
    {
        var median = Median(result.Micros);
        var rounds = string.Join(", ", result.Micros.Select(m => m.ToString("F2", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {rounds} | {median:F2} | {result.Bytes:N0} | {median / Median(floor.Micros):F1}× |"));
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
}
