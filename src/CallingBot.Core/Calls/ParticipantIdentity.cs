namespace CallingBot.Core.Calls;

/// <summary>
/// Who a participant is: a Teams user, a phone number (E.164), a bot application or application instance, or a guest.
/// </summary>
public sealed record ParticipantIdentity(IdentityKind Kind, string Id, string? DisplayName = null, string? TenantId = null)
{
    public static ParticipantIdentity User(string id, string? displayName = null, string? tenantId = null) =>
        new(IdentityKind.User, RequireId(id), displayName, tenantId);

    /// <summary>A PSTN number in E.164 form, for example <c>+14255550123</c>.</summary>
    public static ParticipantIdentity Phone(string e164Number)
    {
        if (!PhoneNumber.IsE164(e164Number))
        {
            throw new ArgumentException($"'{PhoneNumber.Mask(e164Number)}' is not an E.164 phone number (+ followed by 7 to 15 digits).", nameof(e164Number));
        }

        return new(IdentityKind.Phone, e164Number);
    }

    public static ParticipantIdentity Application(string id, string? displayName = null) =>
        new(IdentityKind.Application, RequireId(id), displayName);

    public static ParticipantIdentity ApplicationInstance(string id, string? displayName = null, string? tenantId = null) =>
        new(IdentityKind.ApplicationInstance, RequireId(id), displayName, tenantId);

    public static ParticipantIdentity Guest(string displayName, string? id = null) =>
        new(IdentityKind.Guest, id ?? Guid.NewGuid().ToString(), RequireId(displayName));

    /// <summary>A form safe to log: phone numbers are masked.</summary>
    public override string ToString() =>
        Kind == IdentityKind.Phone ? $"phone:{PhoneNumber.Mask(Id)}" : $"{Kind.ToString().ToLowerInvariant()}:{Id}";

    private static string RequireId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return value;
    }
}
