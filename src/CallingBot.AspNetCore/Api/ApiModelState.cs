using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CallingBot.AspNetCore.Api;

/// <summary>
/// Makes the automatic 400 for unreadable request bodies name fields the way the API does: <c>targets[0].kind</c>
/// instead of <c>$.targets[0].kind</c>, without .NET type names,
/// and <c>body</c> when there is no body at all.
/// </summary>
internal static class ApiModelState
{
    public static ActionContext Clean(ActionContext context)
    {
        var modelState = context.ModelState;
        var entries = modelState.Select(e => (e.Key, Errors: e.Value?.Errors.Select(x => x.ErrorMessage).ToArray() ?? [])).ToArray();
        var hasFieldErrors = entries.Any(e => e.Key.StartsWith('$'));
        modelState.Clear();
        foreach (var (key, entryErrors) in entries)
        {
            string field;
            var errors = entryErrors;
            if (key.StartsWith('$'))
            {
                field = key.TrimStart('$').TrimStart('.');
                field = field.Length == 0 ? "body" : field;
                errors = [.. errors.Select(e => e.Contains("could not be converted", StringComparison.Ordinal) ? $"'{field}' has the wrong JSON type or format." : e)];
            }
            else if (key.Length == 0 || context.ActionDescriptor.Parameters.Any(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)))
            {
                if (hasFieldErrors || modelState.ContainsKey("body"))
                {
                    continue;
                }

                field = "body";
                errors = ["A JSON request body is required."];
            }
            else
            {
                field = key;
            }

            foreach (var error in errors)
            {
                modelState.AddModelError(field, error);
            }
        }

        if (modelState.IsValid)
        {
            modelState.AddModelError("body", "The request body is not valid JSON for this operation.");
        }

        return context;
    }
}
