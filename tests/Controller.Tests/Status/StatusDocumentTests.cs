using System.Buffers;
using System.Text;
using System.Text.Json;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Status;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Status;

public class StatusDocumentTests
{
    private static readonly DateTimeOffset Now = T0 + TimeSpan.FromMinutes(2);

    /// <summary>Every state a check can show, in two namespaces, plus a khjob and an orphaned khstate.</summary>
    internal static StatusView Sample(IReadOnlySet<string>? namespaces = null, bool reversedInput = false)
    {
        var ok = StatusAggregatorTests.Result("daemonset", "kuberhealthy", ok: true);
        ok.Spec.Node = "node-1";
        ok.Spec.ConsecutiveFailures = 0;
        ok.Spec.LastSuccess = ok.Spec.LastRun;
        var failing = StatusAggregatorTests.Result("dns-status-internal", "kuberhealthy", ok: false,
            ["lookup \"kubernetes.default\" failed:\nno such host \\ <tag> & ünïcode"], reason: FailureReason.CheckFailed);
        failing.Spec.ConsecutiveFailures = 3;
        failing.Spec.LastSuccess = T0 - TimeSpan.FromHours(1);
        var running = StatusAggregatorTests.Result("deployment", "kuberhealthy", ok: true);
        running.Spec.Uuid = "run-next";
        running.Spec.RunStarted = Now - TimeSpan.FromSeconds(5);
        running.Spec.RunPod = "deployment-run-next";
        var stale = StatusAggregatorTests.Result("stale", "team-a", ok: true);
        stale.Spec.RunStarted = T0 - TimeSpan.FromHours(1);
        stale.Spec.LastRun = stale.Spec.RunStarted + TimeSpan.FromSeconds(3);
        var job = StatusAggregatorTests.Result("once", "team-a", ok: true);
        var orphan = StatusAggregatorTests.Result("removed", "team-a", ok: false, ["from a deleted check"], reason: FailureReason.Timeout);

        KuberhealthyCheck CheckIn(string name, string ns, string interval = "10m", bool? paused = null)
        {
            var check = Check(name, ns, runInterval: interval, timeout: "5m", paused: paused);
            check.Metadata.CreationTimestamp = (T0 - TimeSpan.FromDays(1)).UtcDateTime;
            return check;
        }

        var checks = new[]
        {
            CheckIn("daemonset", "kuberhealthy", "15m"), CheckIn("dns-status-internal", "kuberhealthy", "2m"),
            CheckIn("deployment", "kuberhealthy"), CheckIn("stale", "team-a"), CheckIn("paused", "team-a", paused: true),
        };
        var pending = Check("new", "team-a", runInterval: "1m", timeout: "30s");
        pending.Metadata.CreationTimestamp = (Now - TimeSpan.FromSeconds(10)).UtcDateTime;
        KuberhealthyState[] states = [ok, failing, running, stale, job, orphan];
        KuberhealthyCheck[] allChecks = [.. checks, pending];
        if (reversedInput)
        {
            // The caches hand objects out in no particular order: output must not follow it.
            Array.Reverse(states);
            Array.Reverse(allChecks);
        }

        return StatusAggregator.Build(states, allChecks, [Job("once", "team-a", timeout: "1m")], "healthchecks-7cf79bdc86-m78qr", Now, namespaces);
    }

    private static string Render(StatusView view)
    {
        var buffer = new ArrayBufferWriter<byte>();
        StatusJson.Write(buffer, view);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Render_AllStates_MatchesGolden()
    {
        Golden.Match("tests/Controller.Tests/Status/testdata/status.golden.json", Render(Sample()));
    }

    [Fact]
    public void Render_NamespaceFilter_MatchesGolden()
    {
        Golden.Match("tests/Controller.Tests/Status/testdata/status-team-a.golden.json", Render(Sample(new HashSet<string> { "team-a" })));
    }

    [Fact]
    public void Render_ControllerProblem_TopLevelErrorFirstAndNotOk_ChecksStillListed()
    {
        const string Refused = "HealthChecks refuses to run checks: the khstates CRD ...";
        var sample = Sample();

        using var json = JsonDocument.Parse(Render(sample.WithControllerProblem(Refused)));

        Assert.False(json.RootElement.GetProperty("OK").GetBoolean());
        var errors = json.RootElement.GetProperty("Errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(Refused, errors[0]);
        Assert.Equal(sample.Errors, errors.Skip(1));
        Assert.Equal(
            json.RootElement.GetProperty("CheckDetails").EnumerateObject().Select(p => p.Name),
            JsonDocument.Parse(Render(sample)).RootElement.GetProperty("CheckDetails").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Render_CheckThatNeverRan_NotInTheV2FieldsButUnderPending()
    {
        using var json = JsonDocument.Parse(Render(Sample()));

        var pending = json.RootElement.GetProperty("PendingCheckDetails").EnumerateObject().ToList();
        Assert.Equal(["team-a/new", "team-a/paused"], pending.Select(p => p.Name));
        Assert.Equal(["Pending", "Paused"], pending.Select(p => p.Value.GetProperty("State").GetString()));
        Assert.False(json.RootElement.GetProperty("CheckDetails").TryGetProperty("team-a/new", out _));
        Assert.True(json.RootElement.GetProperty("CheckDetails").EnumerateObject().All(c => c.Value.GetProperty("State").GetString() != "Pending"));
    }

    [Fact]
    public void Render_RunInFlight_ShowsTheLastFinishedRunsUuidNeverTheRunningOne()
    {
        using var json = JsonDocument.Parse(Render(Sample()));

        var running = json.RootElement.GetProperty("CheckDetails").GetProperty("kuberhealthy/deployment");
        Assert.Equal("deployment-run-next", running.GetProperty("RunningPod").GetString());
        Assert.NotEqual("run-next", running.GetProperty("uuid").GetString()); // its only credential to report
    }

    [Fact]
    public void Render_UpstreamFieldsFirstInUpstreamOrder()
    {
        using var json = JsonDocument.Parse(Render(Sample()));

        Assert.Equal(["OK", "Errors", "CheckDetails", "JobDetails", "CurrentMaster", "Metadata", "PendingCheckDetails"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("healthchecks-7cf79bdc86-m78qr", json.RootElement.GetProperty("CurrentMaster").GetString());
        string[] upstream = ["OK", "Errors", "RunDuration", "Namespace", "Node", "LastRun", "AuthoritativePod", "uuid"];
        var details = json.RootElement.GetProperty("CheckDetails").EnumerateObject().Concat(json.RootElement.GetProperty("JobDetails").EnumerateObject()).ToList();
        Assert.Equal(6, details.Count); // the two checks that never ran are under PendingCheckDetails
        foreach (var detail in details)
        {
            // LastRun is left out until there is one, as upstream does.
            var expected = upstream.Where(f => f != "LastRun" || detail.Value.TryGetProperty("LastRun", out _)).ToList();
            Assert.Equal(expected, detail.Value.EnumerateObject().Take(expected.Count).Select(p => p.Name));
            Assert.Contains("/", detail.Name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_ErrorText_RoundTripsExactly()
    {
        using var json = JsonDocument.Parse(Render(Sample()));

        var errors = json.RootElement.GetProperty("CheckDetails").GetProperty("kuberhealthy/dns-status-internal").GetProperty("Errors");
        Assert.Equal("lookup \"kubernetes.default\" failed:\nno such host \\ <tag> & ünïcode", errors[0].GetString());
    }
}
