using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.AspNetCore.Api.Contracts;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CallingBot.AspNetCore.Api.Calls;

/// <summary>Validates a create-call body once, at the edge, and turns it into the handler API's request.</summary>
internal static class CreateCallMapping
{
    /// <summary>The request to place, or null with every problem recorded under its JSON field.</summary>
    public static OutboundCallRequest? ToOutboundCall(CreateCallRequest request, ModelStateDictionary errors)
    {
        var targets = new List<ParticipantIdentity>();
        if (request.Targets is not { Count: > 0 })
        {
            errors.AddModelError("targets", "'targets' needs at least one identity to call.");
        }
        else if (ApiValidation.Count(request.Targets, "targets", ApiLimits.MaxTargets, errors))
        {
            for (var i = 0; i < request.Targets.Count; i++)
            {
                if (ApiModelMapper.ToIdentity(request.Targets[i], $"targets[{i}]", errors) is { } target)
                {
                    targets.Add(target);
                }
            }
        }

        var source = ApiModelMapper.ToIdentity(request.Source, "source", errors, required: false);
        ApiValidation.Text(request.Subject, "subject", ApiLimits.MaxSubjectLength, errors);
        var media = ApiModelMapper.ToStartOptions(request.TenantId, request.Handler, request.Media, errors);
        if (!errors.IsValid)
        {
            return null;
        }

        var call = new OutboundCallRequest
        {
            Targets = targets,
            Source = source,
            TenantId = ApiModelMapper.Optional(request.TenantId),
            Media = media,
            Subject = request.Subject,
        };

        // The handler API's own rules (a phone target needs the bot's calling number as the source), named as the API names them.
        if (call.FindError() is { } error)
        {
            errors.AddModelError(FieldOf(error.Property), error.Message);
            return null;
        }

        return call;
    }

    /// <summary>The request field a property of <see cref="OutboundCallRequest"/> came from.</summary>
    public static string FieldOf(string? property) => property == nameof(OutboundCallRequest.Source) ? "source" : "targets";
}
