using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace HealthChecks.TestKit;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c>, installed by scripts/test.sh) on a free
/// loopback port, scraping the given loopback targets every second, with its data in a temporary
/// folder. Queried through its HTTP API; killed and its folder removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Path = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _output = new();

    private PrometheusServer(Process process, DirectoryInfo directory, Uri baseUri)
    {
        _process = process;
        _directory = directory;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    /// <summary>The server's log (the last 50,000 characters), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="targets">Scrape targets as <c>host:port</c>, all on loopback.</param>
    public static async Task<PrometheusServer> StartAsync(params string[] targets)
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing: install Debian's prometheus package (scripts/test.sh does)");
        }

        if (targets.Any(t => !IPAddress.TryParse(t.Split(':')[0], out var ip) || !IPAddress.IsLoopback(ip)))
        {
            throw new ArgumentException("tests scrape loopback targets only (DESIGN.md §5)", nameof(targets));
        }

        var directory = Directory.CreateTempSubdirectory("hc-prometheus-");
        var config = System.IO.Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $$"""
            global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: healthchecks
                static_configs: [{targets: [{{string.Join(", ", targets.Select(t => "'" + t + "'"))}}]}]
            """);
        var port = FreePort.Tcp(IPAddress.Loopback);
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--config.file=" + config, $"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.path=" + System.IO.Path.Combine(directory.FullName, "data"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var server = new PrometheusServer(Process.Start(start) ?? throw new InvalidOperationException("cannot start prometheus"), directory, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await Eventually.TrueAsync(async () => (await server.Http.GetAsync("/-/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "prometheus to be ready");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query; returns the <c>data.result</c> array (a copy, safe to keep).</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var response = await Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query {promql} failed: {body}");
        }

        return json.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>Polls a query until its result satisfies <paramref name="accept"/> (scrapes show up after a few seconds); returns that result.</summary>
    public async Task<JsonElement> WaitForAsync(string promql, Func<JsonElement, bool> accept, TimeSpan timeout, string what) =>
        (JsonElement)await Eventually.GetAsync<object>(
            async () => await QueryAsync(promql) is var result && accept(result) ? result : null,
            timeout,
            $"{what} ({promql})",
            TimeSpan.FromMilliseconds(500));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        _directory.Delete(recursive: true);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 50_000)
            {
                _output.Remove(0, _output.Length - 50_000);
            }
        }
    }
}
