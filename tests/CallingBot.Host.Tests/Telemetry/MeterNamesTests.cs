using System.Reflection;
using CallingBot.AspNetCore.Telemetry;

namespace CallingBot.Host.Tests.Telemetry;

/// <summary>Every meter a product assembly declares is exported: a new meter left out of the list fails here.</summary>
public sealed class MeterNamesTests
{
    [Fact]
    public void MeterNames_IncludeEveryMeterTheProductDeclares()
    {
        var declared = Directory.GetFiles(AppContext.BaseDirectory, "CallingBot.*.dll")
            .Where(path => !Path.GetFileNameWithoutExtension(path).EndsWith(".Tests", StringComparison.Ordinal))
            .Select(Assembly.LoadFrom)
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(field => field is { IsLiteral: true, Name: "MeterName" } && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(declared);
        Assert.All(declared, name => Assert.Contains(name, TelemetryServiceCollectionExtensions.MeterNames));
    }
}
