namespace CallingBot.AspNetCore.Cluster;

/// <summary>
/// Holds this instance's whole request pipeline (routing, middleware, endpoints) once the server has built it, so a
/// request handed over by another instance runs exactly as one received here.
/// </summary>
internal sealed class RequestPipeline
{
    private RequestDelegate? _pipeline;

    public RequestDelegate Pipeline => _pipeline ?? throw new InvalidOperationException("The request pipeline is not built yet.");

    /// <summary>Captures the pipeline: the first middleware sees everything after it.</summary>
    internal sealed class CaptureFilter(RequestPipeline holder) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(rest =>
            {
                holder._pipeline = rest;
                return rest;
            });
            next(app);
        };
    }
}
