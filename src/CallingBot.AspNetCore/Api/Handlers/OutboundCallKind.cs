namespace CallingBot.AspNetCore.Api.Handlers;

/// <summary>What an operator or developer asked the REST API to start.</summary>
public enum OutboundCallKind
{
    /// <summary>A peer-to-peer, group or PSTN call (<c>POST /api/v1/calls</c>).</summary>
    Call,

    /// <summary>A meeting join (<c>POST /api/v1/meetings/join</c>).</summary>
    MeetingJoin,
}
