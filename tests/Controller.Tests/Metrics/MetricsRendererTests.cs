using System.Buffers;
using System.Text;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Status;
using HealthChecks.Controller.Tests.Status;
using HealthChecks.TestKit;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Metrics;

public class MetricsRendererTests
{
    private static readonly Dictionary<CheckKey, RunCounts> Runs = new()
    {
        [new("kuberhealthy", "daemonset")] = new(12, new Dictionary<string, long>()),
        [new("kuberhealthy", "dns-status-internal")] = new(4, new Dictionary<string, long> { [FailureReason.CheckFailed] = 3, [RunTally.OtherReason] = 1 }),
    };

    private static readonly ControllerSnapshot Controller = new()
    {
        IsLeader = true,
        SchedulerLastTick = T0 + TimeSpan.FromMilliseconds(1500),
        ReaperDeletedPods = new Dictionary<string, long> { ["completed"] = 7, ["past-deadline"] = 1 },
    };

    internal static string Render(StatusView view, PromMetricsOptions? options = null)
    {
        var bytes = new ArrayBufferWriter<byte>();
        Render(bytes, view, options);
        return Encoding.UTF8.GetString(bytes.WrittenSpan);
    }

    internal static void Render(IBufferWriter<byte> text, StatusView view, PromMetricsOptions? options = null) =>
        MetricsRenderer.Render(new PrometheusTextWriter(text), view, Runs, Controller, options ?? new PromMetricsOptions());

    [Fact]
    public void Render_AllStates_MatchesGolden()
    {
        Golden.Match("tests/Controller.Tests/Metrics/testdata/metrics.golden.txt", Render(StatusDocumentTests.Sample()));
    }

    [Fact]
    public async Task Render_AllStates_PromtoolFindsNothing()
    {
        var (exitCode, findings) = await Promtool.CheckMetricsAsync(Render(StatusDocumentTests.Sample()));

        Assert.True(exitCode == 0 && findings.Length == 0, $"promtool check metrics: exit {exitCode}\n{findings}");
    }

    [Fact]
    public void Render_SameStateInAnotherCacheOrder_ByteIdentical()
    {
        Assert.Equal(Render(StatusDocumentTests.Sample()), Render(StatusDocumentTests.Sample(reversedInput: true)));
    }

    [Fact]
    public void Render_SuppressErrorLabel_NoErrorLabelAnywhere()
    {
        var text = Render(StatusDocumentTests.Sample(), new PromMetricsOptions { SuppressErrorLabel = true });

        Assert.DoesNotContain("error=", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_check{check=\"kuberhealthy/dns-status-internal\",namespace=\"kuberhealthy\",status=\"0\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_job{check=\"team-a/once\",namespace=\"team-a\",status=\"1\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ErrorLabelMaxLength_CutsTheLabel()
    {
        var text = Render(StatusDocumentTests.Sample(), new PromMetricsOptions { ErrorLabelMaxLength = 6 });

        Assert.Contains("kuberhealthy_check{check=\"kuberhealthy/dns-status-internal\",namespace=\"kuberhealthy\",status=\"0\",error=\"lookup\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PendingCheck_NoV2SeriesButStaleAndRunSeries()
    {
        var text = Render(StatusDocumentTests.Sample());

        Assert.DoesNotContain("kuberhealthy_check{check=\"team-a/new\"", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_check_stale{check=\"team-a/new\",namespace=\"team-a\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_check_stale{check=\"team-a/stale\",namespace=\"team-a\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_check_runs_total{check=\"team-a/new\",namespace=\"team-a\",result=\"success\",reason=\"\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kuberhealthy_check_runs_total{check=\"team-a/new\",namespace=\"team-a\",result=\"failure\"", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_cluster_state 0\n", text, StringComparison.Ordinal);
    }
}
