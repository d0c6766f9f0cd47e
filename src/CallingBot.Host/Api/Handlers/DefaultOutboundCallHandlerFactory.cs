using CallingBot.Core.Handlers;
using CallingBot.Host.Hosting;

namespace CallingBot.Host.Api.Handlers;

/// <summary>
/// The factory used when none is registered: every call started through the API gets a
/// <see cref="DefaultCallHandler"/>, which stays on the call quietly (operators drive it with the API) and logs its events.
/// </summary>
public sealed class DefaultOutboundCallHandlerFactory(ILoggerFactory loggerFactory) : IOutboundCallHandlerFactory
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
