using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>Reads a call's <c>source</c> and the people it rings (<c>targets</c>, invitees, a transfer target), resolved against the directory.</summary>
internal sealed class TargetReader(CallRegistry registry)
{
    /// <summary>The source identity, or the calling app when the request names none.</summary>
    public IdentityRef ReadSource(JsonObject body, GraphRequestContext context)
    {
        var app = registry.Applications.Find(context.Principal.AppId);
        var fallback = new IdentityRef("application", context.Principal.AppId, app?.DisplayName ?? "Calling Bot");
        var source = Fields.Object(body, "source", "source", maxJsonLength: int.MaxValue);
        if (source is null)
        {
            return fallback;
        }

        var identity = IdentityRef.FromIdentitySet(Fields.Object(source, "identity", "source.identity", maxJsonLength: int.MaxValue), "source.identity");
        Fields.CheckJsonLength(source, "source", EmulatorLimits.MaxObjectLength);
        if (identity is null)
        {
            return fallback;
        }

        if (identity.Kind == "applicationInstance")
        {
            var instance = registry.Directory.FindApplicationInstance(identity.Id);
            if (instance is null && !registry.Options.AcceptUnknownTargets)
            {
                throw GraphRequestException.NotFound($"Application instance '{identity.Id}' (source.identity.applicationInstance.id) was not found.");
            }

            if (instance is not null && !string.Equals(instance.AppId, context.Principal.AppId, StringComparison.OrdinalIgnoreCase))
            {
                throw GraphRequestException.Forbidden($"Application instance '{identity.Id}' is not linked to application {context.Principal.AppId}.");
            }
        }

        return identity;
    }

    /// <summary>The invitationParticipantInfo items of <paramref name="targets"/> (named <paramref name="path"/> in errors), each with how it responds.</summary>
    public List<CalleeTarget> ReadTargets(JsonArray? targets, string path)
    {
        var result = new List<CalleeTarget>();
        if (targets is null)
        {
            return result;
        }

        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i] is not JsonObject target)
            {
                throw GraphRequestException.BadRequest($"Invalid request: '{path}[{i}]' must be an object.");
            }

            // Named fields first, so the error names the field; then the whole object the call keeps.
            var identity = IdentityRef.FromIdentitySet(Fields.Object(target, "identity", $"{path}[{i}].identity", required: true, maxJsonLength: int.MaxValue), $"{path}[{i}].identity")
                ?? throw GraphRequestException.BadRequest($"Invalid request: '{path}[{i}].identity' needs a user, application, applicationInstance, phone or guest with an 'id'.");
            Fields.CheckJsonLength(target, $"{path}[{i}]", EmulatorLimits.MaxObjectLength);
            Fields.Enum(target, "endpointType", $"{path}[{i}].endpointType", GraphEnums.EndpointTypes);
            result.Add(new CalleeTarget(identity, ResolveBehavior(identity, $"{path}[{i}].identity")));
        }

        return result;
    }

    private CalleeBehavior ResolveBehavior(IdentityRef identity, string path)
    {
        switch (identity.Kind)
        {
            case "phone":
                if (!PhoneNumbers.IsE164(identity.Id))
                {
                    throw GraphRequestException.BadRequest($"Invalid request: '{path}.phone.id' must be an E.164 phone number such as +12345678901.");
                }

                return registry.Directory.FindNumber(identity.Id)?.Behavior ?? UnknownTarget(identity, path);
            case "user":
                return registry.Directory.FindUser(identity.Id)?.Behavior ?? UnknownTarget(identity, path);
            default:
                return new CalleeBehavior();
        }
    }

    private CalleeBehavior UnknownTarget(IdentityRef identity, string path) =>
        registry.Options.AcceptUnknownTargets
            ? new CalleeBehavior()
            : throw GraphRequestException.NotFound($"The {identity.Kind} '{identity.Id}' ({path}) was not found in the emulator's directory.");
}
