namespace CallingBot.Emulator.Directory;

/// <summary>A simulated phone number on the public network, in E.164 form (e.g. +12345678901).</summary>
public sealed class EmulatedPstnNumber
{
    public string Number { get; set; } = "";

    public string? DisplayName { get; set; }

    public CalleeBehavior Behavior { get; set; } = new();
}
