using CallingBot.Core.Handlers;
using CallingBot.AspNetCore.Hosting;

namespace CallingBot.AspNetCore.Api.Handlers;

/// <summary>
/// The factory used when none is registered: every call started through the API gets a
/// <see cref="DefaultCallHandler"/>, which stays on the call quietly (operators drive it with the API) and logs its events.
/// </summary>
internal sealed class DefaultOutboundCallHandlerFactory(ILoggerFactory loggerFactory) : IOutboundCallHandlerFactory
{
    public const string DefaultName = "default";

    public IReadOnlyCollection<string> HandlerNames { get; } = [DefaultName];

    public CallHandler? Create(OutboundHandlerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HandlerName is null || string.Equals(request.HandlerName, DefaultName, StringComparison.OrdinalIgnoreCase)
            ? new DefaultCallHandler(loggerFactory.CreateLogger<DefaultCallHandler>())
            : null;
    }
}
