namespace CallingBot.AspNetCore.Api.Contracts;

/// <summary>
/// Who to call, invite or transfer to. <c>kind</c> is one of <c>user</c>, <c>phone</c>, <c>application</c>,
/// <c>applicationInstance</c> or <c>guest</c>; a phone <c>id</c> is an E.164 number such as <c>+14255550123</c>.
/// </summary>
internal sealed class IdentityModel
{
    public string? Kind { get; set; }

    public string? Id { get; set; }

    public string? DisplayName { get; set; }

    public string? TenantId { get; set; }
}
