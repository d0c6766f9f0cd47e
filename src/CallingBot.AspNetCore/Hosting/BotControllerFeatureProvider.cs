using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// Finds the bot's own controllers (the callback endpoint, the REST API), which are internal to this library: MVC's
/// default provider takes public types only, and the library keeps its public surface to what a bot's
/// <c>Program.cs</c> uses. Controllers of the application and of other assemblies are found as usual.
/// </summary>
internal sealed class BotControllerFeatureProvider : ControllerFeatureProvider
{
    private static readonly Assembly Library = typeof(BotControllerFeatureProvider).Assembly;

    protected override bool IsController(TypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return typeInfo.Assembly == Library
            ? typeInfo.IsClass && !typeInfo.IsAbstract && !typeInfo.ContainsGenericParameters && typeof(ControllerBase).IsAssignableFrom(typeInfo)
            : base.IsController(typeInfo);
    }
}
