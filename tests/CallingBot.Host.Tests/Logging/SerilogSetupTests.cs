using System.Text.Json;
using CallingBot.AspNetCore.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CallingBot.Host.Tests.Logging;

/// <summary>The logger <see cref="SerilogSetup"/> builds, writing to every kind of sink it supports.</summary>
public sealed class SerilogSetupTests : IDisposable
{
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl";
    private const string Hostile = "x\r\n[05:00:00.000 ERR] FORGED\u001b[2J\u0085\u2029";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "callingbot-serilog-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void TextConsole_StringScalarStructureAndTemplateWithControlCharacters_OneLineEach()
    {
        var console = new LogCapture();
        using (var logger = SerilogSetup.CreateLogger(Configuration(), console))
        {
            logger.Information("Path {Path}", Hostile);
            logger.Information("Uri {Uri} char {Char}", new Uri("https://example.com/a b"), '\n');
            logger.Information("Request {@Request}", new { Name = Hostile, Tags = new[] { Hostile }, Headers = new Dictionary<string, string> { [Hostile] = "v", ["Authorization"] = "Bearer abc" } });
            logger.Information($"Interpolated {Hostile}");
        }

        Assert.Equal(4, console.Lines.Count);
        Assert.DoesNotContain(console.Lines, l => l.StartsWith("[05:00", StringComparison.Ordinal));
        Assert.Contains(@"Path x\r\n[05:00:00.000 ERR] FORGED\u001b[2J\u0085\u2029", console.Lines[0], StringComparison.Ordinal);
        Assert.Contains(@"char \n", console.Lines[1], StringComparison.Ordinal);
        Assert.Contains("FORGED", console.Lines[2], StringComparison.Ordinal);
        Assert.Contains("[redacted]", console.Lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer abc", console.Text, StringComparison.Ordinal);
        Assert.Contains(@"Interpolated x\r\n[05:00:00.000 ERR] FORGED", console.Lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void HealthCheckServicePerProbeErrors_AreSilenced_TheReadinessTransitionIsKept()
    {
        var console = new LogCapture();
        using (var logger = SerilogSetup.CreateLogger(Configuration(), console))
        {
            var service = logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService");
            service.Error("Health check {HealthCheckName} with status {HealthStatus} completed", "ready", "Unhealthy");
            var readiness = logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, "CallingBot.AspNetCore.Health.ReadinessHealthCheck");
            readiness.Information("Readiness changed from {Previous} to {State}", "ready", "draining");
        }

        Assert.Single(console.Lines);
        Assert.Contains("draining", console.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void TextConsole_ExceptionWithLineBreaksTokenAndPhone_EscapedMaskedStackKept()
    {
        var console = new LogCapture();
        var exception = Thrown();
        using (var logger = SerilogSetup.CreateLogger(Configuration(), console))
        {
            logger.Error(exception, "Handler failed");
        }

        var lines = console.Lines;
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\.\d{3} ERR\] .*Handler failed$", lines[0]);
        Assert.Equal(
            @"System.InvalidOperationException: Caller x\r\n[05:00:00.000 ERR] FORGED\u001b[2J\u0085\u2029 sent [jwt redacted] from +1425*****23",
            lines[1]);
        Assert.Equal(@" ---> System.FormatException: inner x\r\n[05:00:00.000 ERR] FORGED\u001b[2J\u0085\u2029 Bearer [redacted]", lines[2]);
        Assert.Contains(lines, l => l.StartsWith("   at ", StringComparison.Ordinal) && l.Contains(nameof(Thrown), StringComparison.Ordinal));
        Assert.All(lines.Skip(2), l => Assert.True(char.IsWhiteSpace(l[0]) || l[0] == '-', l));
        Assert.DoesNotContain(Jwt, console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("+14255550123", console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer abc", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonConsoleAndFile_HostileValuesAndException_OneObjectPerLineNothingSecret()
    {
        var console = new LogCapture();
        var path = Path.Combine(_directory, "bot-.log");
        using (var logger = SerilogSetup.CreateLogger(Configuration(("Format", "Json"), ("FilePath", path)), console))
        {
            logger.Information("Path {Path}", Hostile);
            logger.Error(Thrown(), "Failed for {Name}", Hostile);
        }

        var file = File.ReadAllText(Assert.Single(Directory.GetFiles(_directory)));
        foreach (var text in new[] { console.Text, file })
        {
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            Assert.Equal(@"x\r\n[05:00:00.000 ERR] FORGED\u001b[2J\u0085\u2029", events[0].GetProperty("Path").GetString());
            var exception = events[1].GetProperty("@x").GetString()!;
            Assert.StartsWith(@"System.InvalidOperationException: Caller x\r\n[05:00:00.000 ERR] FORGED", exception, StringComparison.Ordinal);
            Assert.DoesNotContain('\u2029', text);
            Assert.DoesNotContain(Jwt, text, StringComparison.Ordinal);
            Assert.DoesNotContain("+14255550123", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SerilogSection_ConfiguredFileSink_GetsTheSameCleaning()
    {
        var path = Path.Combine(_directory, "configured.log");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:Using:0"] = "Serilog.Sinks.File",
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:WriteTo:0:Name"] = "File",
            ["Serilog:WriteTo:0:Args:path"] = path,
            ["Serilog:WriteTo:0:Args:outputTemplate"] = "{Level:u3} {Message:lj}{NewLine}{Exception}",
            ["Serilog:Properties:Service"] = "bot",
        }).Build();

        using (var logger = SerilogSetup.CreateLogger(configuration))
        {
            logger.Debug("Path {Path} service {Service}", Hostile);
            logger.Verbose("Not written {Path}", Hostile);
            logger.Error(Thrown(), "Failed");
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(@"DBG Path x\r\n[05:00:00.000 ERR] FORGED\u001b[2J\u0085\u2029 service bot", lines[0]);
        Assert.Equal("ERR Failed", lines[1]);
        Assert.StartsWith(@"System.InvalidOperationException: Caller x\r\n[05:00:00.000 ERR] FORGED", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("[05:00", StringComparison.Ordinal));
        Assert.DoesNotContain(Jwt, File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void MicrosoftLogger_SecretNamedPropertyAndScope_Redacted()
    {
        var console = new LogCapture();
        using var serilog = SerilogSetup.CreateLogger(Configuration(), console);
        using (var factory = LoggerFactory.Create(l => l.AddCallingBotSerilog(serilog, dispose: false)))
        {
            var logger = factory.CreateLogger("Test");
            using (logger.BeginScope(new Dictionary<string, object> { ["CallId"] = "call\r\n[05:00:00.000 ERR] FORGED" }))
            {
#pragma warning disable CA1848 // A plain call on purpose: the property name, not the value, marks the secret.
                logger.LogInformation("Client {ClientSecret} for {Path}", "plain-looking-value", Hostile);
#pragma warning restore CA1848
            }
        }

        var line = Assert.Single(console.Lines);
        Assert.Contains(@"[call call\r\n[05:00:00.000 ERR] FORGED]", line, StringComparison.Ordinal);
        Assert.Contains("Client [redacted] for", line, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-looking-value", console.Text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] logging)
    {
        var values = new Dictionary<string, string?> { ["CallingBot:Logging:MinimumLevel"] = "Information" };
        foreach (var (key, value) in logging)
        {
            values[$"CallingBot:Logging:{key}"] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            try
            {
                throw new FormatException($"inner {Hostile} Bearer abc.def");
            }
            catch (FormatException inner)
            {
                throw new InvalidOperationException($"Caller {Hostile} sent {Jwt} from +14255550123", inner);
            }
        }
        catch (InvalidOperationException exception)
        {
            return exception;
        }
    }
}
