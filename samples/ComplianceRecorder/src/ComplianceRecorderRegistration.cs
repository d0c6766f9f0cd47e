using CallingBot.AspNetCore;
using CallingBot.Recording.Compliance;

namespace ComplianceRecorder;

/// <summary>The sample in a host: compliance recording from <c>CallingBot:Recording</c> and the router that answers recording invitations with it.</summary>
public static class ComplianceRecorderRegistration
{
    public static CallingBotBuilder AddComplianceRecorder(this CallingBotBuilder bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        bot.Services.AddComplianceRecording();
        return bot.UseRouter<ComplianceRecorderRouter>();
    }
}
