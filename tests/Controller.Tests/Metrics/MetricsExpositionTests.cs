using System.IO.Pipelines;
using System.Text;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Tests.Status;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.Tests.Metrics;

public class MetricsExpositionTests
{
    [Fact]
    public async Task WriteAsync_SnapshotThenRegistry_PromtoolFindsNothing()
    {
        var (exitCode, findings) = await Promtool.CheckMetricsAsync(await CombinedAsync());

        Assert.True(exitCode == 0 && findings.Length == 0, $"promtool check metrics: exit {exitCode}\n{findings}");
    }

    [Fact]
    public async Task WriteAsync_SnapshotThenRegistry_EveryFamilyOnce()
    {
        var families = Families(await CombinedAsync());

        Assert.Empty(families.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Contains("kuberhealthy_check", families); // the snapshot part
        Assert.Contains("kuberhealthy_check_run_duration_seconds", families); // the registry part
        Assert.True(families.IndexOf("kuberhealthy_reaper_deleted_pods_total") < families.IndexOf("kuberhealthy_reports_total"), "snapshot first");
    }

    [Fact]
    public async Task WriteAsync_RuntimeCollectors_ProcessAndRuntimeFamiliesUnderTheDocumentedNames()
    {
        var families = Families(await CombinedAsync());

        // docs/controller.md lists these; dashboards and alerts may read them.
        string[] documented =
        [
            "process_cpu_seconds_total", "process_working_set_bytes", "process_virtual_memory_bytes", "process_start_time_seconds",
            "process_open_handles", "process_num_threads", "dotnet_collection_count_total", "dotnet_total_memory_bytes",
            "system_runtime_dotnet_gc_pause_time", "system_runtime_dotnet_gc_heap_total_allocated", "system_runtime_dotnet_thread_pool_queue_length",
        ];
        Assert.All(documented, f => Assert.Contains(f, families));
        Assert.DoesNotContain(families, f => f.StartsWith("system_runtime_", StringComparison.Ordinal) && f.EndsWith("_count", StringComparison.Ordinal));
    }

    /// <summary>The family names in the order of their TYPE lines (a family listed twice shows twice).</summary>
    private static List<string> Families(string text) =>
        text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();

    private static async Task<string> CombinedAsync()
    {
        var scrape = new Scrape();
        using var runtime = new RuntimeCollectors(scrape.Registry);
        var metrics = scrape.Metrics;
        metrics.ObserveRequest("/metrics", 200, TimeSpan.FromMilliseconds(40));
        metrics.ObserveRequest("/externalCheckStatus", 410, TimeSpan.FromMilliseconds(12));
        metrics.ObserveRun(new CheckKey("kuberhealthy", "daemonset"), TimeSpan.FromSeconds(42));
        metrics.CountReport(IntakeOutcome.Late);
        metrics.CountTerm();
        metrics.CountRunStarted(manual: true, adopted: false);
        metrics.ObserveRunStartDelay(TimeSpan.FromMilliseconds(7));
        metrics.CountRunControllerError();

        using var buffer = new MemoryStream();
        await MetricsExposition.WriteAsync(PipeWriter.Create(buffer), text => MetricsRendererTests.Render(text, StatusDocumentTests.Sample()), scrape.Registry, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
