using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CallingBot.AspNetCore.Api.History;

/// <summary>Adds the CSV form (<c>text/csv</c>, a string) beside the JSON one to the 200 response of the history listing.</summary>
internal sealed class HistoryCsvOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (operation.OperationId == "ListHistory" && operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
        {
            content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "RFC 4180 CSV with a header row; the next page's token is in the X-Continuation-Token header." } };
        }

        return Task.CompletedTask;
    }
}
