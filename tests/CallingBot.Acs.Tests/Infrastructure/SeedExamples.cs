namespace CallingBot.Acs.Tests.Infrastructure;

/// <summary>The request and response examples of the Create Call seed page, verbatim.</summary>
public static class SeedExamples
{
    public const string CreateCallRequest = """
        {
          "source": {
            "identifier": {
              "kind": "communicationUser",
              "communicationUser": {
                "id": "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_da7be3a9-8788-42a6-85c6-56b2cf784fce"
              }
            }
          },
          "targets": [
            {
              "kind": "communicationUser",
              "communicationUser": {
                "id": "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_0f50d091-5bd3-448b-884d-44be7037d9b9"
              }
            }
          ],
          "operationContext": "Reminder call",
          "callbackUri": "https://app.contoso.com/callback",
          "mediaStreamingConfiguration": {
            "transportUrl": "wss://contoso.websocket.server/",
            "transportType": "websocket",
            "contentType": "audio",
            "audioChannelType": "mixed"
          }
        }
        """;

    public const string CreateCallResponse = """
        {
          "callConnectionId": "18dea47f-b081-4107-9a5c-4300819d2c6c",
          "serverCallId": "aHR0cHM6Ly9jb252ZXJzYXRpb251cmwvdGVzdA",
          "source": {
            "callerId": {
              "value": "+18440123456"
            },
            "identifier": {
              "kind": "communicationUser",
              "communicationUser": {
                "id": "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_da7be3a9-8788-42a6-85c6-56b2cf784fce"
              }
            }
          },
          "targets": [
            {
              "kind": "communicationUser",
              "communicationUser": {
                "id": "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_0f50d091-5bd3-448b-884d-44be7037d9b9"
              }
            },
            {
              "kind": "phoneNumber",
              "phoneNumber": {
                "value": "+14250123456"
              }
            }
          ],
          "callConnectionState": "connected",
          "callbackUri": "https://app.contoso.com/callback",
          "mediaSubscriptionId": "6431f20a-1235-4a74-j632-asas8h6f999s"
        }
        """;
}
