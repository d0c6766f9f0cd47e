using System.Net;
using Microsoft.Playwright;

namespace CallingBot.Testing.Browser;

/// <summary>
/// A real headless Chromium for page tests: Debian's <c>chromium</c> package driven through Microsoft.Playwright with
/// its executable path (no browser download). A test whose browser cannot start fails, naming what to install.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Environment variable that names another Chromium executable.</summary>
    public const string ExecutableVariable = "CALLINGBOT_CHROMIUM";

    private static readonly string[] KnownPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>The Chromium executable used: <see cref="ExecutableVariable"/>, else Debian's package.</summary>
    public static string ExecutablePath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(ExecutableVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return File.Exists(configured)
                    ? configured
                    : throw new InvalidOperationException($"{ExecutableVariable} names '{configured}', which does not exist.");
            }

            return KnownPaths.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException(
                    "Headless Chromium was not found: install Debian's chromium package (apt-get install chromium) or set " + ExecutableVariable + ".");
        }
    }

    /// <summary>Starts the browser.</summary>
    public static async Task<HeadlessChromium> LaunchAsync(ChromiumOptions? options = null)
    {
        options ??= new ChromiumOptions();
        var arguments = new List<string>
        {
            // Grant microphone and camera without a prompt and use Chromium's fake devices.
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
        };
        if (options.FakeAudioCaptureFile is { } wav)
        {
            if (!File.Exists(wav))
            {
                throw new FileNotFoundException("The fake microphone's WAV file does not exist.", wav);
            }

            arguments.Add("--use-file-for-fake-audio-capture=" + wav);
        }

        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = arguments,
                Timeout = (float)options.LaunchTimeout.TotalMilliseconds,
            }).ConfigureAwait(false);
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="address"/> in a new context that trusts the local self-signed certificates, grants the
    /// microphone, refuses (and records) every request that leaves loopback, and collects console errors.
    /// </summary>
    public async Task<BrowserPage> OpenAsync(Uri address, string artifactPrefix, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(artifactPrefix);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            ExtraHTTPHeaders = headers,
            Permissions = ["microphone", "camera"],
        }).ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        var result = new BrowserPage(context, page, artifactPrefix);
        await context.RouteAsync("**/*", async route =>
        {
            if (IsLoopback(route.Request.Url))
            {
                await route.ContinueAsync().ConfigureAwait(false);
            }
            else
            {
                result.Refused(route.Request.Url);
                await route.AbortAsync("blockedbyclient").ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await page.GotoAsync(address.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load }).ConfigureAwait(false);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync().ConfigureAwait(false);
        _playwright.Dispose();
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (uri.Scheme is "data" or "blob" or "about")
        {
            return true;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
