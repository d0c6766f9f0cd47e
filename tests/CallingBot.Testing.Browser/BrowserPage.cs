using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit;

namespace CallingBot.Testing.Browser;

/// <summary>
/// One page in its own browser context: what the page logged as errors, the requests it tried to send off loopback,
/// and screenshots written under <see cref="TestArtifacts.Directory"/>.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private const string BlockedByClient = "ERR_BLOCKED_BY_CLIENT";

    private readonly IBrowserContext _context;
    private readonly string _artifactPrefix;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _refused = new();

    internal BrowserPage(IBrowserContext context, IPage page, string artifactPrefix)
    {
        _context = context;
        _artifactPrefix = artifactPrefix;
        Page = page;
        page.Console += (_, message) =>
        {
            // A refused off-loopback request is reported once, in RefusedRequests.
            if (message.Type == "error" && !message.Text.Contains(BlockedByClient, StringComparison.Ordinal))
            {
                _errors.Enqueue($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _errors.Enqueue("page error: " + error);
        page.RequestFailed += (_, request) =>
        {
            var failure = request.Failure ?? string.Empty;
            if (!failure.Contains(BlockedByClient, StringComparison.Ordinal) && failure != "net::ERR_ABORTED")
            {
                _errors.Enqueue($"request failed: {request.Method} {request.Url} ({request.Failure})");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors, uncaught exceptions and failed requests, in order.</summary>
    public IReadOnlyCollection<string> Errors => _errors.ToArray();

    /// <summary>Addresses off loopback the page tried to load (all refused).</summary>
    public IReadOnlyCollection<string> RefusedRequests => _refused.ToArray();

    /// <summary>Fails when the page logged an error or asked for anything off loopback.</summary>
    public void AssertClean()
    {
        Assert.True(_errors.IsEmpty, "The page reported errors:\n" + string.Join('\n', _errors));
        Assert.True(_refused.IsEmpty, "The page requested assets off loopback:\n" + string.Join('\n', _refused));
    }

    /// <summary>Saves a full-page screenshot as <c>{prefix}-{name}.png</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var path = Path.Combine(TestArtifacts.Directory, $"{_artifactPrefix}-{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true }).ConfigureAwait(false);
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync().ConfigureAwait(false);

    internal void Refused(string url) => _refused.Enqueue(url);
}
