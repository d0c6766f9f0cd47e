namespace CallingBot.History.Configuration;

/// <summary>How the parties of a call are stored (<c>CallingBot:History:Masking:Mode</c>).</summary>
public enum HistoryMaskingMode
{
    /// <summary>Ids and display names as the service gave them.</summary>
    None,

    /// <summary>
    /// The default: phone numbers keep their last 4 digits (<c>+*******0123</c>), every other id is hashed, display names
    /// are not stored.
    /// </summary>
    Partial,

    /// <summary>Every id, phone numbers included, is hashed with the configured key; display names are not stored.</summary>
    Hash,
}
