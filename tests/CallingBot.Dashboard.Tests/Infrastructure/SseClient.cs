using System.Text;

namespace CallingBot.Dashboard.Tests.Infrastructure;

/// <summary>Reads a server-sent event stream frame by frame, keeping each frame's exact text.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> OpenAsync(HttpClient client, string cookie)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/events");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseClient(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next frame (lines up to the blank line), or null at the end of the stream.</summary>
    public async Task<SseFrame?> ReadAsync(string phase, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var raw = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(limit.Token);
                if (line is null)
                {
                    return raw.Length == 0 ? null : SseFrame.Parse(raw.ToString());
                }

                if (line.Length == 0)
                {
                    if (raw.Length > 0)
                    {
                        return SseFrame.Parse(raw.ToString());
                    }

                    continue;
                }

                raw.Append(line).Append('\n');
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"Phase '{phase}': no server-sent event within {(timeout ?? TimeSpan.FromSeconds(20)).TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Reads frames until one matches, failing with <paramref name="phase"/> when the stream ends or time runs out.</summary>
    public async Task<SseFrame> ReadUntilAsync(Func<SseFrame, bool> match, string phase, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var frame = await ReadAsync(phase, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1))
                ?? throw new InvalidOperationException($"Phase '{phase}': the stream ended first.");
            if (match(frame))
            {
                return frame;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}

/// <summary>One frame: an event (type and data lines joined by newlines) or a comment.</summary>
public sealed record SseFrame(string Raw, string? Event, string? Data, string? Comment)
{
    public static SseFrame Parse(string raw)
    {
        string? eventName = null;
        string? comment = null;
        var data = new List<string>();
        foreach (var line in raw.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }

        return new SseFrame(raw, eventName, data.Count == 0 ? null : string.Join('\n', data), comment);
    }
}
