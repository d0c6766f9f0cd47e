namespace CallingBot.AspNetCore.Hosting;

/// <summary>The mode this application runs in (<see cref="HostMode.Local"/> or <see cref="HostMode.Real"/>, never Auto), as resolved at registration.</summary>
internal sealed record ActiveHostMode(HostMode Mode)
{
    public bool IsLocal => Mode == HostMode.Local;
}
