using CallingBot.Cluster.Instances;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Manager;
using CallingBot.AspNetCore.Api.Calls;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CallingBot.AspNetCore.Api.Contracts;

/// <summary>Converts API models to the handler API's types (recording every problem under its JSON field path) and back.</summary>
internal static class ApiModelMapper
{
    private static readonly Dictionary<string, IdentityKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["user"] = IdentityKind.User,
        ["phone"] = IdentityKind.Phone,
        ["application"] = IdentityKind.Application,
        ["applicationInstance"] = IdentityKind.ApplicationInstance,
        ["guest"] = IdentityKind.Guest,
    };

    public static ParticipantIdentity? ToIdentity(IdentityModel? model, string field, ModelStateDictionary errors, bool required = true)
    {
        if (model is null)
        {
            if (required)
            {
                errors.AddModelError(field, $"'{field}' is required.");
            }

            return null;
        }

        if (string.IsNullOrWhiteSpace(model.Kind) || !Kinds.TryGetValue(model.Kind, out var kind))
        {
            errors.AddModelError($"{field}.kind", $"'{field}.kind' must be one of: {string.Join(", ", Kinds.Keys)}.");
            return null;
        }

        var withinLimits = ApiValidation.Text(model.DisplayName, $"{field}.displayName", ApiLimits.MaxDisplayNameLength, errors);
        withinLimits &= ApiValidation.OptionalId(model.TenantId, $"{field}.tenantId", errors);
        withinLimits &= kind == IdentityKind.Phone || string.IsNullOrWhiteSpace(model.Id) || ApiValidation.Id(model.Id.Trim(), $"{field}.id", errors);
        if (!withinLimits)
        {
            return null;
        }

        switch (kind)
        {
            case IdentityKind.Guest when string.IsNullOrWhiteSpace(model.DisplayName):
                errors.AddModelError($"{field}.displayName", $"'{field}.displayName' is required for a guest.");
                return null;
            case IdentityKind.Guest:
                return ParticipantIdentity.Guest(model.DisplayName!, string.IsNullOrWhiteSpace(model.Id) ? null : model.Id);
            case IdentityKind.Phone when !PhoneNumber.IsE164(model.Id):
                errors.AddModelError($"{field}.id", $"'{field}.id' must be an E.164 phone number (+ followed by 7 to 15 digits, for example +14255550123).");
                return null;
            case var _ when string.IsNullOrWhiteSpace(model.Id):
                errors.AddModelError($"{field}.id", $"'{field}.id' is required.");
                return null;
            default:
                return new ParticipantIdentity(kind, model.Id!.Trim(), model.DisplayName, Optional(model.TenantId));
        }
    }

    /// <summary>Checks the fields of every call the API starts (tenantId, handler, media) and returns the media hosting.</summary>
    public static MediaHosting ToStartOptions(string? tenantId, string? handler, string? media, ModelStateDictionary errors)
    {
        ApiValidation.Text(handler, "handler", ApiLimits.MaxHandlerNameLength, errors);
        ApiValidation.OptionalId(tenantId, "tenantId", errors);
        return ToMedia(media, "media", errors);
    }

    /// <summary>The prompts of a playPrompt request: 1 to <see cref="ApiLimits.MaxPrompts"/> absolute http(s) URLs.</summary>
    public static IReadOnlyList<Prompt> ToPrompts(IReadOnlyList<PromptModel?>? models, ModelStateDictionary errors)
    {
        if (models is not { Count: > 0 } || models.Count > ApiLimits.MaxPrompts)
        {
            errors.AddModelError("prompts", $"'prompts' needs 1 to {ApiLimits.MaxPrompts} prompts.");
            return [];
        }

        var prompts = new List<Prompt>(models.Count);
        for (var i = 0; i < models.Count; i++)
        {
            var field = $"prompts[{i}].uri";
            if (models[i]?.Uri is { Length: > ApiLimits.MaxUriLength })
            {
                errors.AddModelError(field, ApiValidation.TooLong(field, ApiLimits.MaxUriLength));
            }
            else if (Prompt.TryCreate(models[i]?.Uri, out var prompt))
            {
                prompts.Add(prompt);
            }
            else
            {
                errors.AddModelError(field, $"'{field}' must be an absolute http(s) URL of a WAV file.");
            }
        }

        return prompts;
    }

    /// <summary>Blank is the same as absent.</summary>
    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static MediaHosting ToMedia(string? media, string field, ModelStateDictionary errors)
    {
        if (string.IsNullOrWhiteSpace(media) || string.Equals(media, "serviceHosted", StringComparison.OrdinalIgnoreCase))
        {
            return MediaHosting.ServiceHosted;
        }

        if (string.Equals(media, "appHosted", StringComparison.OrdinalIgnoreCase))
        {
            return MediaHosting.AppHosted;
        }

        errors.AddModelError(field, $"'{field}' must be 'serviceHosted' or 'appHosted'.");
        return MediaHosting.ServiceHosted;
    }

    public static bool IsDtmf(string? tones) => !string.IsNullOrEmpty(tones) && tones.Length <= ApiLimits.MaxDtmfTones && tones.All(Dtmf.IsValid);

    public static CallModel ToModel(CallSnapshot snapshot) => new()
    {
        Id = snapshot.CallId,
        Direction = Camel(snapshot.Direction.ToString()),
        State = Camel(snapshot.State.ToString()),
        TenantId = snapshot.TenantId,
        Media = Camel(snapshot.Media.ToString()),
        CreatedAt = snapshot.CreatedAt,
        Handler = snapshot.HandlerName,
        Participants = [.. snapshot.Participants.Select(ToModel)],
        RecentEvents = [.. snapshot.RecentEvents.Select(e => new CallEventModel { At = e.At, Kind = e.Kind, Detail = e.Detail })],
    };

    public static CallSummaryModel ToSummary(CallSnapshot snapshot) => new()
    {
        Id = snapshot.CallId,
        Direction = Camel(snapshot.Direction.ToString()),
        State = Camel(snapshot.State.ToString()),
        TenantId = snapshot.TenantId,
        Media = Camel(snapshot.Media.ToString()),
        CreatedAt = snapshot.CreatedAt,
        Handler = snapshot.HandlerName,
        ParticipantCount = snapshot.Participants.Count,
    };

    /// <summary>A call of the cluster-wide list, as its owning instance <paramref name="instance"/> described it.</summary>
    public static CallSummaryModel ToSummary(ClusterCallSummary call, string instance)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new()
        {
            Id = call.Id,
            Direction = call.Direction,
            State = call.State,
            TenantId = call.TenantId,
            Media = call.Media,
            CreatedAt = call.CreatedAt,
            Handler = call.Handler,
            ParticipantCount = call.ParticipantCount,
            Instance = instance,
        };
    }

    private static ParticipantModel ToModel(ParticipantInfo participant) => new()
    {
        Id = participant.Id,
        IsMuted = participant.IsMuted,
        IsInLobby = participant.IsInLobby,
        Identity = new IdentityModel
        {
            Kind = Camel(participant.Identity.Kind.ToString()),
            Id = participant.Identity.Kind == IdentityKind.Phone ? PhoneNumber.Mask(participant.Identity.Id) : participant.Identity.Id,
            DisplayName = participant.Identity.DisplayName,
            TenantId = participant.Identity.TenantId,
        },
    };

    private static string Camel(string value) => value.Length == 0 ? value : string.Concat(char.ToLowerInvariant(value[0]).ToString(), value.AsSpan(1));
}
