using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CallingBot.AspNetCore.Hosting;
using Microsoft.AspNetCore.Connections;

namespace CallingBot.Host.Tests.Hosting;

/// <summary>Common start failures end in one line that names what to change, not a stack trace.</summary>
public sealed class StartFailureTests
{
    [Fact]
    public void Describe_AddressInUse_NamesTheAddressAndHowToListenElsewhere()
    {
        var failure = new IOException("Failed to bind to address http://127.0.0.1:9443: address already in use.", new AddressInUseException("Address already in use"));

        var line = StartFailure.Describe(failure);

        Assert.Equal("Failed to bind to address http://127.0.0.1:9443: the address is already in use. Another process is listening there: stop it, or listen elsewhere with --urls (or the ASPNETCORE_URLS variable, the Urls setting, or Kestrel:Endpoints).", line);
    }

    [Fact]
    public void Describe_NoServerCertificate_NamesTheCertificateSetting()
    {
        var failure = new InvalidOperationException("Unable to configure HTTPS endpoint. No server certificate was specified, and the default developer certificate could not be found or is out of date.");

        Assert.Contains("Kestrel:Certificates:Default:Path", StartFailure.Describe(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_CertificateFileMissing_NamesTheFile()
    {
        var failure = new FileNotFoundException("Could not find file.", "/etc/callingbot/tls.pfx");

        Assert.Equal("The server certificate file '/etc/callingbot/tls.pfx' does not exist: check Kestrel:Certificates:Default:Path (or the endpoint's Certificate:Path).", StartFailure.Describe(failure));
    }

    [Fact]
    public void Describe_CertificateUnreadable_NamesThePasswordSetting()
    {
        var failure = new InvalidOperationException("outer", new CryptographicException("The specified network password is not correct."));

        Assert.Contains("Kestrel:Certificates:Default:Path and :Password", StartFailure.Describe(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_StartExceptionInsideAnother_IsItsMessage()
    {
        var failure = new AggregateException(new CallingBotStartException("Local mode needs an https endpoint for callbacks."));

        Assert.Equal("Local mode needs an https endpoint for callbacks.", StartFailure.Describe(failure));
    }

    [Fact]
    public void Describe_AnythingElse_IsNotExplained()
    {
        Assert.Null(StartFailure.Describe(new InvalidOperationException("Something else went wrong.")));
        Assert.Null(StartFailure.Describe(new FileNotFoundException("Could not find file.", "/srv/data/history.db")));
    }

    [Fact]
    public async Task Process_PortAlreadyInUse_ExitsWithOneLineAndNoStackTrace()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var host = Path.Combine(AppContext.BaseDirectory, "CallingBot.Host.dll");
        var data = Directory.CreateTempSubdirectory("callingbot-start-failure-");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data.FullName,
            ArgumentList =
            {
                host, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", data.FullName,
                "--CallingBot:Local:EmulatorHttpsPort", "0", "--CallingBot:Local:EmulatorHttpPort", "0", "--CallingBot:Local:EmulatorDataDirectory", string.Empty,
            },
        };
        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

            Assert.Equal(StartFailure.ExitCode, process.ExitCode);
            var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = Assert.Single(lines);
            Assert.StartsWith($"CallingBot cannot start: Failed to bind to address http://127.0.0.1:{port}: the address is already in use.", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", await output, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            data.Delete(recursive: true);
        }
    }
}
