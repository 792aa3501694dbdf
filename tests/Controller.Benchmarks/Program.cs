using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using HealthChecks.Controller.Benchmarks;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Status;

// dotnet run -c Release --project tests/Controller.Benchmarks -- [checks...] [--runs N]
// Times what one request to /json, /ui and /metrics costs in the controller (from the cached
// objects to the last byte written), for each fleet size; prints medians and ratios as Markdown.
// "of which registry": the prometheus-net part of /metrics alone (run-duration histograms of every
// check that ran, request series, process and runtime collectors).
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(31);
var sizes = args.TakeWhile(a => a != "--runs").Select(int.Parse).DefaultIfEmpty(1_000).Concat(args.Length == 0 ? [10_000] : []).ToList();
var utf8 = new UTF8Encoding(false);
var controller = new ControllerSnapshot { IsLeader = true, SchedulerLastTick = Fleet.Now };

Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} timed runs after 40 warm-up runs; times in ms: wall median (wall p90) and CPU median; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}\n");
Console.WriteLine("| checks | status view | /json | /ui | /metrics | of which registry | /json bytes | /ui bytes | /metrics bytes | /metrics series |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
string Cell((double Median, double P90, double Cpu, long Bytes) m) => string.Create(CultureInfo.InvariantCulture, $"{m.Median:F1} ({m.P90:F1}) cpu {m.Cpu:F1}");
var medians = new List<(int Size, double Json, double Ui, double Metrics)>();
foreach (var size in sizes)
{
    var (checks, states) = Fleet.Build(size);
    StatusView View() => StatusAggregator.Build(states, checks, [], "healthchecks-7cf79bdc86-m78qr", Fleet.Now);

    var build = Measure(runs, () => View().Checks.Count);
    var buffer = new System.Buffers.ArrayBufferWriter<byte>();
    var json = Measure(runs, () =>
    {
        buffer.ResetWrittenCount(); // as the response pipe reuses its pooled segments
        StatusJson.Write(buffer, View());
        return buffer.WrittenCount;
    });
    var ui = Measure(runs, () =>
    {
        buffer.ResetWrittenCount();
        StatusPage.Render(View(), [.. checks.Select(c => c.Metadata.NamespaceProperty!).Distinct()], null, buffer);
        return buffer.WrittenCount;
    });
    var runCounts = new Dictionary<CheckKey, RunCounts>();

    // The registry in steady state: every check that ran has its run-duration histogram, each
    // endpoint a few request series; plus the process and runtime collectors, as in the controller.
    var registry = Prometheus.Metrics.NewCustomRegistry();
    using var runtime = new RuntimeCollectors(registry);
    var instruments = new ControllerMetrics(Prometheus.Metrics.WithCustomRegistry(registry));
    foreach (var state in states)
    {
        if (GoDuration.TryParse(state.Spec.RunDuration, out var duration))
        {
            instruments.ObserveRun(new CheckKey(state.Metadata.NamespaceProperty!, state.Metadata.Name!), duration);
        }
    }

    foreach (var endpoint in new[] { "/", "/json", "/ui", "/metrics", "/externalCheckStatus", "/check", "/api/run", "/healthz", "/readyz" })
    {
        instruments.ObserveRequest(endpoint, 200, TimeSpan.FromMilliseconds(20));
    }

    string? text = null;
    var metrics = Measure(runs, () =>
    {
        // A pipe over a stream that counts and drops (the response's pipe sends what it is given);
        // the first scrape's text is kept to count its series.
        using var output = new CountingStream(keep: text is null);
        MetricsExposition.WriteAsync(
            PipeWriter.Create(output), writer => MetricsRenderer.Render(new PrometheusTextWriter(writer), View(), runCounts, controller, new PromMetricsOptions()), registry, CancellationToken.None)
            .GetAwaiter().GetResult();
        text ??= utf8.GetString(output.Kept);
        return output.Length;
    });
    var registryPart = Measure(runs, () =>
    {
        using var output = new MemoryStream();
        registry.CollectAndExportAsTextAsync(output).GetAwaiter().GetResult();
        return output.Length;
    });
    var series = text!.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {size:N0} | {Cell(build)} | {Cell(json)} | {Cell(ui)} | {Cell(metrics)} | {Cell(registryPart)} | {json.Bytes:N0} | {ui.Bytes:N0} | {metrics.Bytes:N0} | {series:N0} |"));
    medians.Add((size, json.Median, ui.Median, metrics.Median));
}

if (medians.Count > 1)
{
    var (small, large) = (medians[0], medians[^1]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"\nRatio of medians, {large.Size:N0} / {small.Size:N0} checks ({(double)large.Size / small.Size:F0}x the checks): /json {large.Json / small.Json:F1}x, /ui {large.Ui / small.Ui:F1}x, /metrics {large.Metrics / small.Metrics:F1}x"));
}

// Wall time (what a scraper waits for) and the process's CPU time (what it costs; steadier on a
// busy shared machine, as every other process's work only stretches the wall time).
static (double Median, double P90, double Cpu, long Bytes) Measure(int runs, Func<long> render)
{
    long bytes = 0;
    // Enough warm-up runs for the JIT's tiered compilation to settle.
    for (var i = 0; i < 40; i++)
    {
        bytes = render();
    }

    var times = new double[runs];
    var cpu = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        render();
        times[i] = watch.Elapsed.TotalMilliseconds;
        cpu[i] = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;
    }

    Array.Sort(times);
    Array.Sort(cpu);
    return (times[runs / 2], times[(int)Math.Ceiling(runs * 0.9) - 1], cpu[runs / 2], bytes);
}
