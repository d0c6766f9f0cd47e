namespace CallingBot.Core.Calls;

public enum IdentityKind
{
    User,
    Phone,
    Application,
    ApplicationInstance,
    Guest,
}
