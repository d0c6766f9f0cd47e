using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallingBot.Core.Manager;
using CallingBot.Emulator;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.LocalMode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Dashboard.Tests.Infrastructure;

/// <summary>
/// The real CallingBot host in local mode on 127.0.0.1 (dynamic ports) with its in-process emulator, a known API key
/// and the default router (which answers every call). Disposing stops both.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const string ApiKey = "dashboard-test-key-0123456789abcdef";

    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    private readonly WebApplication _app;
    private readonly DirectoryInfo _data;
    private bool _stopped;

    private DashboardHost(WebApplication app, DirectoryInfo data)
    {
        _app = app;
        _data = data;
        Services = app.Services;
        Local = Services.GetRequiredService<LocalEnvironment>();
        Manager = Services.GetRequiredService<ICallManager>();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public IServiceProvider Services { get; }

    public LocalEnvironment Local { get; }

    public GraphEmulator Emulator => Local.Emulator;

    public ICallManager Manager { get; }

    public Uri BaseAddress { get; }

    public static async Task<DashboardHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var data = Directory.CreateTempSubdirectory("callingbot-dashboard-test-");
        var app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            var values = new Dictionary<string, string?>
            {
                ["CallingBot:Mode"] = "Local",
                ["CallingBot:Api:ApiKey"] = ApiKey,
                ["CallingBot:Local:EmulatorHttpsPort"] = "0",
                ["CallingBot:Local:EmulatorHttpPort"] = "0",
                ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
                ["CallingBot:Logging:MinimumLevel"] = "Warning",
                ["CallingBot:DrainTimeout"] = "00:00:02",
                ["CallingBot:Recovery:Directory"] = Path.Combine(data.FullName, "recovery"),
                ["CallingBot:History:Sqlite:Path"] = Path.Combine(data.FullName, "history.db"),
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(values);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Delete(data);
            throw;
        }

        return new DashboardHost(app, data);
    }

    /// <summary>A client that trusts the local certificate, follows no redirects and keeps no cookies of its own.</summary>
    public HttpClient CreateClient()
    {
        var handler = (System.Net.Http.SocketsHttpHandler)Emulator.CreateTrustingHandler();
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    /// <summary>Signs in with the API key and returns the session cookie (<c>name=value</c>).</summary>
    public static async Task<string> SignInAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsync("/dashboard/signin", new FormUrlEncodedContent([new("credential", ApiKey)]));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return SessionCookie(response) ?? throw new InvalidOperationException("The sign-in set no session cookie.");
    }

    public static string? SessionCookie(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).FirstOrDefault(v => v.StartsWith(CallingBot.Dashboard.Access.DashboardAuthentication.CookieName + "=", StringComparison.Ordinal))
            : null;
    }

    /// <summary>Rings the bot through the emulator's control API (<c>POST /emulator/calls</c>) and returns the call id.</summary>
    public async Task<string> RingAsync()
    {
        using var client = new HttpClient(Emulator.CreateTrustingHandler()) { BaseAddress = Emulator.HttpsBaseAddress };
        using var response = await client.PostAsJsonAsync("emulator/calls", new { appId = Local.Options.AppId, fromUserId = AliceId, fromDisplayName = "Alice" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The caller hangs up through the emulator's control API.</summary>
    public async Task HangUpAsync(string callId)
    {
        using var client = new HttpClient(Emulator.CreateTrustingHandler()) { BaseAddress = Emulator.HttpsBaseAddress };
        using var response = await client.PostAsync($"emulator/calls/{callId}/hangUp", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"hang-up answered {(int)response.StatusCode}");
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_stopped)
            {
                await _app.StopAsync();
            }

            await _app.DisposeAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Delete(_data);
        }
    }

    private static void Delete(DirectoryInfo directory)
    {
        if (directory.Exists)
        {
            directory.Delete(recursive: true);
        }
    }
}
