using CallingBot.Core.Handlers;

namespace CallingBot.AspNetCore.Api.Handlers;

/// <summary>
/// Creates the handler of a call started through the REST API. Register your own to run your handlers on
/// outbound calls and meeting joins; the built-in one knows only <c>default</c>.
/// <code>
/// services.AddSingleton&lt;IOutboundCallHandlerFactory, MyHandlerFactory&gt;();
/// </code>
/// </summary>
public interface IOutboundCallHandlerFactory
{
    /// <summary>Handler names the factory accepts, shown in the error when a request names another.</summary>
    IReadOnlyCollection<string> HandlerNames { get; }

    /// <summary>A new handler for the call, or null when <see cref="OutboundHandlerRequest.HandlerName"/> is unknown (the API answers 400).</summary>
    CallHandler? Create(OutboundHandlerRequest request);
}
