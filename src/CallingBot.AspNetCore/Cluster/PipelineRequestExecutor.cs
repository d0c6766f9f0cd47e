using System.Net;
using CallingBot.Cluster.Calls;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace CallingBot.AspNetCore.Cluster;

/// <summary>
/// Runs an API request handed over by another instance through this instance's own pipeline, in process: the same
/// authentication, validation, controllers and error mapping as a request received here. The request is marked so the
/// owner-forwarding step answers it here.
/// </summary>
internal sealed class PipelineRequestExecutor(RequestPipeline pipeline, IHttpContextFactory contexts) : ILocalRequestExecutor
{
    /// <summary><see cref="HttpContext.Items"/> key marking a request handed over by another instance.</summary>
    public static readonly object HandedOverKey = new();

    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Content-Length",
    };

    public async Task<ForwardedResponse> ExecuteAsync(ForwardedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new HeaderDictionary();
        foreach (var (name, value) in request.Headers)
        {
            headers.Append(name, value);
        }

        headers.ContentLength = request.Body.Length == 0 && !HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method) && !HttpMethods.IsPatch(request.Method)
            ? null
            : request.Body.Length;
        var responseBody = new MemoryStream();
        var responseFeature = new HttpResponseFeature();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = request.Method,
            Scheme = request.Scheme,
            PathBase = request.PathBase,
            Path = request.Path,
            QueryString = request.QueryString,
            Protocol = "HTTP/1.1",
            Headers = headers,
            Body = new MemoryStream(request.Body, writable: false),
        });
        features.Set<IHttpResponseFeature>(responseFeature);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = cancellationToken });
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = Guid.NewGuid().ToString("N"),
            RemoteIpAddress = IPAddress.TryParse(request.RemoteAddress, out var remote) ? remote : null,
        });

        var context = contexts.Create(features);
        try
        {
            context.Items[HandedOverKey] = true;
            await pipeline.Pipeline(context);
            await context.Response.Body.FlushAsync(cancellationToken);
            return new ForwardedResponse(context.Response.StatusCode, Copy(context.Response.Headers), responseBody.ToArray(), string.Empty);
        }
        finally
        {
            contexts.Dispose(context);
        }
    }

    private static List<KeyValuePair<string, string>> Copy(IHeaderDictionary headers)
    {
        var copied = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in headers)
        {
            if (!NotCopied.Contains(name))
            {
                foreach (var value in (StringValues)values)
                {
                    copied.Add(new(name, value ?? string.Empty));
                }
            }
        }

        return copied;
    }
}
