using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Metrics;

/// <summary>The run-duration histogram with <c>promMetricsConfig.runDurationByCheck</c> on.</summary>
public class RunCounterByCheckTests
{
    private const string Histogram = "kuberhealthy_check_run_duration_seconds";

    private readonly Scrape _scrape = new(new PromMetricsOptions { RunDurationByCheck = true });
    private readonly HashSet<CheckKey> _checks = [new("kh", "dns"), new("kh", "web")];
    private readonly RunCounter _counter;

    public RunCounterByCheckTests()
    {
        _counter = new RunCounter(_scrape.Metrics, _checks.Contains);
    }

    [Fact]
    public void StateChanged_EachCheckHasItsOwnSeries_LabelledAsKuberhealthyCheck()
    {
        Ran("dns", "run-1", "42s");
        Ran("dns", "run-2", "2s");
        Ran("web", "run-1", "7s");

        Assert.Equal(
            [Histogram + "_count{check=\"kh/dns\",namespace=\"kh\"} 2", Histogram + "_count{check=\"kh/web\",namespace=\"kh\"} 1"],
            _scrape.Samples(Histogram + "_count").Order(StringComparer.Ordinal));
        Assert.Contains(Histogram + "_sum{check=\"kh/dns\",namespace=\"kh\"} 44", _scrape.Samples(Histogram + "_sum"));
        Assert.Contains(Histogram + "_bucket{check=\"kh/web\",namespace=\"kh\",le=\"10\"} 1", _scrape.Samples(Histogram + "_bucket"));
        Assert.DoesNotContain(_scrape.Samples(Histogram + "_count"), s => s.StartsWith(Histogram + "_count{namespace=", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckChanged_Deleted_ItsSeriesGoAtOnce_TheOthersStay()
    {
        Ran("dns", "run-1", "10s");
        Ran("web", "run-1", "10s");

        _checks.Remove(new("kh", "dns"));
        _counter.CheckChanged(WatchEventType.Deleted, Check("dns", "kh"));

        Assert.Equal([Histogram + "_count{check=\"kh/web\",namespace=\"kh\"} 1"], _scrape.Samples(Histogram + "_count"));
        Assert.DoesNotContain("kh/dns", _scrape.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void StateChanged_KhstateDeleted_ItsSeriesGo()
    {
        Ran("dns", "run-1", "10s");

        _counter.StateChanged(WatchEventType.Deleted, KhState("dns", "kh"));

        Assert.Empty(_scrape.Samples(Histogram + "_count"));
    }

    private void Ran(string name, string run, string duration)
    {
        _counter.StateChanged(WatchEventType.Modified, KhState(name, "kh", new KhStateSpec { Uuid = run, Workload = nameof(WorkloadKind.KHCheck) }));
        _counter.StateChanged(
            WatchEventType.Modified,
            KhState(name, "kh", new KhStateSpec { Uuid = run, ResultUuid = run, RunDuration = duration, Workload = nameof(WorkloadKind.KHCheck) }));
    }
}
