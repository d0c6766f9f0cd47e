namespace CallingBot.AspNetCore.Api.Calls;

/// <summary>Sends DTMF keys into the call, for example <c>"1234#"</c> (0-9, *, #, A-D; 1 to 64 keys).</summary>
internal sealed class SendDtmfRequest
{
    public string? Tones { get; set; }
}
