using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Metrics;

public class RunCounterTests
{
    private const string Histogram = "kuberhealthy_check_run_duration_seconds";

    private readonly Scrape _scrape = new();
    private readonly HashSet<CheckKey> _checks = [new("kh", "dns"), new("kh", "web")];
    private readonly RunCounter _counter;

    public RunCounterTests()
    {
        _counter = new RunCounter(_scrape.Metrics, _checks.Contains);
    }

    [Fact]
    public void StateChanged_EachFinishedRunOnce_EvenWhenTheWatchRepeatsIt()
    {
        Seen("dns", Result("run-0", "3s")); // the baseline: finished before this process watched
        Seen("dns", Begun("run-1", after: "run-0"));
        Seen("dns", Result("run-1", "42s"));
        Seen("dns", Result("run-1", "42s")); // another field changed
        _counter.StateChanged(WatchEventType.Added, KhState("dns", "kh", Result("run-1", "42s"))); // the watch listed again
        Seen("dns", Result("run-2", "2m30s", FailureReason.Timeout));

        Assert.Equal([Histogram + "_count{namespace=\"kh\"} 2"], _scrape.Samples(Histogram + "_count"));
        Assert.Equal([Histogram + "_sum{namespace=\"kh\"} 192"], _scrape.Samples(Histogram + "_sum"));
        var buckets = _scrape.Samples(Histogram + "_bucket");
        Assert.Contains(Histogram + "_bucket{namespace=\"kh\",le=\"30\"} 0", buckets);
        Assert.Contains(Histogram + "_bucket{namespace=\"kh\",le=\"60\"} 1", buckets);
        Assert.Contains(Histogram + "_bucket{namespace=\"kh\",le=\"300\"} 2", buckets);

        // The histogram counts what kuberhealthy_check_runs_total counts.
        var runs = _counter.Snapshot()[new("kh", "dns")];
        Assert.Equal(2, runs.Successes + runs.Failures.Values.Sum());
    }

    [Fact]
    public void StateChanged_KhJobRunOrRunOfNoKhcheck_NoHistogram()
    {
        Seen("once", new KhStateSpec { Uuid = "run-1" });
        Seen("once", Result("run-1", "5s"));
        Seen("dns", new KhStateSpec { Uuid = "run-1", Workload = nameof(WorkloadKind.KHJob) });
        Seen("dns", Job(Result("run-1", "5s")));

        Assert.Empty(_scrape.Samples(Histogram + "_count"));
        Assert.Equal(1, _counter.Snapshot()[new("kh", "once")].Successes); // still counted as a run
    }

    [Fact]
    public void CheckChanged_Deleted_TheNamespaceSeriesGoWithItsLastCheck()
    {
        foreach (var name in new[] { "dns", "web" })
        {
            Seen(name, Begun("run-1", after: null));
            Seen(name, Result("run-1", "10s"));
        }

        _checks.Remove(new("kh", "dns"));
        _counter.CheckChanged(WatchEventType.Deleted, Check("dns", "kh"));
        Seen("dns", Result("run-2", "10s")); // a run that ends after its check was deleted: not observed

        Assert.Equal([Histogram + "_count{namespace=\"kh\"} 2"], _scrape.Samples(Histogram + "_count"));

        _checks.Remove(new("kh", "web"));
        _counter.CheckChanged(WatchEventType.Deleted, Check("web", "kh"));

        Assert.Empty(_scrape.Samples(Histogram + "_count"));
        Assert.DoesNotContain("namespace=\"kh\"", _scrape.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void StateChanged_KhstateDeleted_RemovesTheSeriesOfItsNamespaceWhenNoOtherCheckRanThere()
    {
        Seen("dns", Begun("run-1", after: null));
        Seen("dns", Result("run-1", "10s"));

        _counter.StateChanged(WatchEventType.Deleted, KhState("dns", "kh"));

        Assert.Empty(_scrape.Samples(Histogram + "_count"));
        Seen("dns", Begun("run-2", after: null)); // the check goes on: the next run starts the series again
        Seen("dns", Result("run-2", "5s"));
        Assert.Equal([Histogram + "_count{namespace=\"kh\"} 1"], _scrape.Samples(Histogram + "_count"));
    }

    private static KhStateSpec Begun(string run, string? after) => new() { Uuid = run, ResultUuid = after, Workload = nameof(WorkloadKind.KHCheck) };

    private static KhStateSpec Result(string run, string duration, string? reason = null) =>
        new() { Uuid = run, ResultUuid = run, RunDuration = duration, Reason = reason, Workload = nameof(WorkloadKind.KHCheck) };

    private static KhStateSpec Job(KhStateSpec spec)
    {
        spec.Workload = nameof(WorkloadKind.KHJob);
        return spec;
    }

    private void Seen(string name, KhStateSpec spec) => _counter.StateChanged(WatchEventType.Modified, KhState(name, "kh", spec));
}
