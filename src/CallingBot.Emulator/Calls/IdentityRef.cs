using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>One identity of an identitySet: its kind (user, application, applicationInstance, phone, guest) and id.</summary>
internal sealed record IdentityRef(string Kind, string Id, string? DisplayName, string? TenantId = null)
{
    public static readonly string[] Kinds = ["user", "application", "applicationInstance", "phone", "guest", "encrypted", "device", "acsUser", "spoolUser", "azureCommunicationServicesUser"];

    /// <summary>Serialises as a Graph identitySet with @odata.type annotations.</summary>
    public JsonObject ToIdentitySet()
    {
        var identity = new JsonObject { ["@odata.type"] = "#microsoft.graph.identity" };
        if (DisplayName is not null)
        {
            identity["displayName"] = DisplayName;
        }

        identity["id"] = Id;
        if (TenantId is not null)
        {
            identity["tenantId"] = TenantId;
        }

        if (Kind is "user" or "applicationInstance")
        {
            identity["identityProvider"] = "AAD";
        }

        return new JsonObject { ["@odata.type"] = "#microsoft.graph.identitySet", [Kind] = identity };
    }

    /// <summary>
    /// Reads the first identity of an identitySet; null when none is present. Its <c>id</c> and <c>tenantId</c> are
    /// limited to <see cref="EmulatorLimits.MaxIdLength"/>, its <c>displayName</c> to <see cref="EmulatorLimits.MaxDisplayNameLength"/>
    /// (400 naming e.g. <c>targets[0].identity.user.displayName</c>, <paramref name="path"/> being the identitySet's path).
    /// </summary>
    public static IdentityRef? FromIdentitySet(JsonObject? identitySet, string path)
    {
        if (identitySet is null)
        {
            return null;
        }

        foreach (var (name, value) in identitySet)
        {
            if (name.StartsWith('@') || value is not JsonObject identity)
            {
                continue;
            }

            var kind = Kinds.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
            var id = identity["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? identity["id"]!.GetValue<string>() : null;
            if (id is null)
            {
                continue;
            }

            var displayName = identity["displayName"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? identity["displayName"]!.GetValue<string>() : null;
            var tenantId = identity["tenantId"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? identity["tenantId"]!.GetValue<string>() : null;
            Http.Fields.CheckLength(id, $"{path}.{name}.id", EmulatorLimits.MaxIdLength);
            Http.Fields.CheckLength(displayName, $"{path}.{name}.displayName", EmulatorLimits.MaxDisplayNameLength);
            Http.Fields.CheckLength(tenantId, $"{path}.{name}.tenantId", EmulatorLimits.MaxIdLength);
            return new IdentityRef(kind, id, displayName, tenantId);
        }

        return null;
    }
}
