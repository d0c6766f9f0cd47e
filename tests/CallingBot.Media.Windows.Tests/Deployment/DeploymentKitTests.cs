using System.Text.Json;
using System.Text.RegularExpressions;

namespace CallingBot.Media.Windows.Tests.Deployment;

/// <summary>
/// The deployment kit under deploy/: the ARM template (compiled from main.bicep; deploy/check.sh checks that with the
/// Bicep compiler where it is installed) holds what docs/deployment-windows.md promises, its parameters file names
/// only its parameters and every required one, and the systemd unit has what the service's drain and readiness need.
/// </summary>
public sealed partial class DeploymentKitTests
{
    private static readonly string Deploy = Path.Combine(FindRoot(), "deploy");

    [Fact]
    public void ArmTemplate_IsAnArmDeploymentTemplate()
    {
        using var template = Read("azure/azuredeploy.json");

        Assert.Equal("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", template.RootElement.GetProperty("$schema").GetString());
        Assert.True(template.RootElement.TryGetProperty("resources", out _));
    }

    [Fact]
    public void ArmTemplate_DeclaresTheResourcesOfAMediaDeployment()
    {
        using var template = Read("azure/azuredeploy.json");

        var types = Resources(template).Select(r => r.GetProperty("type").GetString()).ToHashSet();

        Assert.Superset(
            new HashSet<string?>
            {
                "Microsoft.ManagedIdentity/userAssignedIdentities",
                "Microsoft.KeyVault/vaults",
                "Microsoft.Authorization/roleAssignments",
                "Microsoft.Network/networkSecurityGroups",
                "Microsoft.Network/virtualNetworks",
                "Microsoft.Network/publicIPAddresses",
                "Microsoft.Network/networkInterfaces",
                "Microsoft.Compute/virtualMachines",
                "Microsoft.Compute/virtualMachines/extensions",
            },
            types);
    }

    [Fact]
    public void ArmTemplate_SecurityGroupOpensSignalingMediaAndAdministrationOnly()
    {
        using var template = Read("azure/azuredeploy.json");
        var nsg = Resources(template).Single(r => r.GetProperty("type").GetString() == "Microsoft.Network/networkSecurityGroups");

        var rules = nsg.GetProperty("properties").GetProperty("securityRules").EnumerateArray()
            .Select(r => (Name: r.GetProperty("name").GetString(), Properties: r.GetProperty("properties")))
            .ToDictionary(r => r.Name!, r => r.Properties);

        Assert.Equal(["https-signaling", "media-control", "media-udp", "rdp-admin"], rules.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("443", rules["https-signaling"].GetProperty("destinationPortRange").GetString());
        Assert.Equal("Tcp", rules["media-control"].GetProperty("protocol").GetString());
        Assert.Contains("mediaControlPort", rules["media-control"].GetProperty("destinationPortRange").GetString(), StringComparison.Ordinal);
        Assert.Equal("Udp", rules["media-udp"].GetProperty("protocol").GetString());
        Assert.Equal("[parameters('adminSourceAddressPrefix')]", rules["rdp-admin"].GetProperty("sourceAddressPrefix").GetString());
        Assert.All(rules.Values, r => Assert.Equal("Inbound", r.GetProperty("direction").GetString()));
    }

    [Fact]
    public void ArmTemplate_EachInstanceHasAStaticStandardPublicIp()
    {
        using var template = Read("azure/azuredeploy.json");
        var ip = Resources(template).Single(r => r.GetProperty("type").GetString() == "Microsoft.Network/publicIPAddresses");

        Assert.Equal("[length(range(0, parameters('instanceCount')))]", ip.GetProperty("copy").GetProperty("count").GetString());
        Assert.Equal("Standard", ip.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("Static", ip.GetProperty("properties").GetProperty("publicIPAllocationMethod").GetString());
    }

    [Fact]
    public void ArmTemplate_VaultUsesRbacWithPurgeProtectionAndTheVmsAManagedIdentity()
    {
        using var template = Read("azure/azuredeploy.json");
        var vault = Resources(template).Single(r => r.GetProperty("type").GetString() == "Microsoft.KeyVault/vaults").GetProperty("properties");
        var vm = Resources(template).Single(r => r.GetProperty("type").GetString() == "Microsoft.Compute/virtualMachines");

        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(vault.GetProperty("enablePurgeProtection").GetBoolean());
        Assert.Equal("UserAssigned", vm.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("WindowsServer", vm.GetProperty("properties").GetProperty("storageProfile").GetProperty("imageReference").GetProperty("offer").GetString());
    }

    [Fact]
    public void ArmTemplate_SecretParametersAreSecure()
    {
        using var template = Read("azure/azuredeploy.json");

        Assert.Equal("securestring", template.RootElement.GetProperty("parameters").GetProperty("adminPassword").GetProperty("type").GetString());
    }

    [Fact]
    public void ParametersFile_NamesOnlyTemplateParametersAndEveryRequiredOne()
    {
        using var template = Read("azure/azuredeploy.json");
        using var parameters = Read("azure/main.parameters.json");
        var declared = template.RootElement.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var given = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Subset(declared.Keys.ToHashSet(), given);
        var required = declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Key).ToHashSet();
        Assert.Subset(given, required);
    }

    [Fact]
    public void SystemdUnit_NotifiesReadinessAndOutlastsTheDrain()
    {
        var unit = File.ReadAllText(Path.Combine(Deploy, "systemd", "callingbot.service"));

        Assert.Matches(SettingPattern("Type", "notify"), unit);
        Assert.Matches(SettingPattern("KillSignal", "SIGTERM"), unit);
        Assert.Matches(SettingPattern("Restart", "always"), unit);
        var timeout = int.Parse(TimeoutStop().Match(unit).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // DrainTimeout 30 s + DrainHangUpTimeout 10 s + 5 s with the defaults (docs/operations.md#drain).
        Assert.True(timeout > 45, $"TimeoutStopSec={timeout} does not outlast the default drain (45 s)");
        Assert.Contains("[Install]", unit, StringComparison.Ordinal);
    }

    private static Regex SettingPattern(string key, string value) => new($"(?m)^{key}={value}$");

    [GeneratedRegex(@"(?m)^TimeoutStopSec=(\d+)$")]
    private static partial Regex TimeoutStop();

    private static JsonElement[] Resources(JsonDocument template)
    {
        var resources = template.RootElement.GetProperty("resources");

        // Bicep emits an array, or an object keyed by symbolic name (language version 2.0).
        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().ToArray()
            : resources.EnumerateObject().Select(p => p.Value).ToArray();
    }

    private static JsonDocument Read(string relative) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Deploy, relative)));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CallingBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CallingBot.sln not found above " + AppContext.BaseDirectory);
    }
}
