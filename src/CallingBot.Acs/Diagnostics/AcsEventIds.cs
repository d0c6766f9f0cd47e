namespace CallingBot.Acs.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.Acs (the Azure Communication Services adapter), in the project's block
/// 5000–5999.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class AcsEventIds
{
    // Calling/AcsCallAutomationClient
    public const int CallCreated = 5000;
    public const int HungUp = 5001;
    public const int RetryingAfterStatus = 5002;
    public const int RetryingAfterFailure = 5003;
    public const int Answered = 5004;
    public const int ActionAccepted = 5005;

    // Calling/AcsCallingPlatform
    public const int EventIgnored = 5100;
    public const int IncomingCall = 5101;
    public const int EventForUnknownCall = 5102;
    public const int OperationFailed = 5103;
    public const int DuplicateIncomingCall = 5104;
    public const int StaleRoster = 5105;
}
