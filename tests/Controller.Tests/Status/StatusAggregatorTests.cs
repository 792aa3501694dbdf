using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Status;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Status;

public class StatusAggregatorTests
{
    private static readonly DateTimeOffset Now = T0 + TimeSpan.FromMinutes(2);

    /// <summary>A khstate holding a result of a run that started a minute before <see cref="Now"/>.</summary>
    internal static KuberhealthyState Result(string name, string ns, bool ok, string[]? errors = null, string? workload = null, string? reason = null) =>
        KhState(name, ns, new KhStateSpec
        {
            OK = ok,
            Errors = [.. errors ?? []],
            Namespace = ns,
            AuthoritativePod = "controller-0",
            Uuid = "run-" + name,
            ResultUuid = "run-" + name,
            Workload = workload,
            RunDuration = "1.5s",
            RunStarted = Now - TimeSpan.FromMinutes(1),
            LastRun = Now - TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(2),
            Reason = reason,
        });

    private static StatusView Build(
        IEnumerable<KuberhealthyState>? states = null,
        IEnumerable<KuberhealthyCheck>? checks = null,
        IEnumerable<KuberhealthyJob>? jobs = null,
        IReadOnlySet<string>? namespaces = null,
        DateTimeOffset? now = null) =>
        StatusAggregator.Build(states ?? [], checks ?? [], jobs ?? [], "controller-0", now ?? Now, namespaces);

    private static KuberhealthyCheck CheckIn(string name, string ns, string interval = "10m", string timeout = "5m", bool? paused = null, DateTimeOffset? created = null)
    {
        var check = Check(name, ns, runInterval: interval, timeout: timeout, paused: paused);
        check.Metadata.CreationTimestamp = (created ?? T0).UtcDateTime;
        return check;
    }

    [Fact]
    public void Build_Nothing_OkAndEmpty()
    {
        var view = Build();

        Assert.True(view.OK);
        Assert.Empty(view.Errors);
        Assert.Empty(view.Checks);
        Assert.Empty(view.Jobs);
        Assert.Equal("controller-0", view.CurrentMaster);
    }

    [Fact]
    public void Build_CheckThatNeverRan_ListedPendingAndDoesNotCount()
    {
        var neverRun = KhState("fresh", "kh", new KhStateSpec { Namespace = "kh", Uuid = "run-1", RunStarted = Now, RunPod = "fresh-run-1" });

        var view = Build([neverRun], [CheckIn("fresh", "kh"), CheckIn("no-state-yet", "kh")]);

        Assert.True(view.OK);
        Assert.Equal(["kh/fresh", "kh/no-state-yet"], view.Checks.Select(c => c.Key.ToString()));
        Assert.All(view.Checks, c => Assert.Equal(CheckState.Pending, c.State));
        Assert.Equal("fresh-run-1", view.Checks[0].RunningPod);
        Assert.Null(view.Checks[1].Spec);
    }

    [Fact]
    public void Build_OrphanStateWithoutResult_Hidden()
    {
        var neverRun = KhState("orphan", "kh", new KhStateSpec { Namespace = "kh", Uuid = "run-1", RunStarted = Now });

        Assert.Empty(Build([neverRun]).Checks);
    }

    [Fact]
    public void Build_OrphanStateWithResult_ShownAndCounts()
    {
        var view = Build([Result("gone", "kh", ok: false, ["it broke"])]);

        Assert.False(view.OK);
        Assert.Equal(["it broke"], view.Errors);
        Assert.Equal(CheckState.Failing, Assert.Single(view.Checks).State);
    }

    [Fact]
    public void Build_Failures_ErrorsAggregatedInKeyOrderBlanksDropped()
    {
        var states = new[]
        {
            Result("b-check", "ns1", ok: false, ["b broke"]),
            Result("a-check", "ns2", ok: false, ["a broke", "  ", "a again"]),
            Result("ok", "ns1", ok: true),
        };

        var view = Build(states, [CheckIn("b-check", "ns1"), CheckIn("a-check", "ns2"), CheckIn("ok", "ns1")]);

        Assert.False(view.OK);
        Assert.Equal(["b broke", "a broke", "a again"], view.Errors);
        Assert.Equal(["ns1/b-check", "ns1/ok", "ns2/a-check"], view.Checks.Select(c => c.Key.ToString()));
        Assert.Equal([CheckState.Failing, CheckState.Ok, CheckState.Failing], view.Checks.Select(c => c.State));
    }

    [Fact]
    public void Build_NamespaceFilter_RecomputesOkAndErrors()
    {
        var states = new[] { Result("bad", "ns1", ok: false, ["ns1 broke"]), Result("good", "ns2", ok: true), Result("job", "ns2", ok: true) };
        var checks = new[] { CheckIn("bad", "ns1"), CheckIn("good", "ns2") };

        var onlyNs2 = Build(states, checks, [Job("job", "ns2")], new HashSet<string> { "ns2" });
        var withNs1 = Build(states, checks, [Job("job", "ns2")], new HashSet<string> { "ns1", "absent" });

        Assert.True(onlyNs2.OK);
        Assert.Empty(onlyNs2.Errors);
        Assert.Equal(["ns2/good"], onlyNs2.Checks.Select(c => c.Key.ToString()));
        Assert.Equal(["ns2/job"], onlyNs2.Jobs.Select(c => c.Key.ToString()));
        Assert.False(withNs1.OK);
        Assert.Equal(["ns1 broke"], withNs1.Errors);
        Assert.Equal(["ns1/bad"], withNs1.Checks.Select(c => c.Key.ToString()));
        Assert.Empty(withNs1.Jobs);
    }

    [Fact]
    public void Build_Jobs_GoToJobDetailsByKhjobOrByWorkload()
    {
        var states = new[]
        {
            Result("by-workload", "ns1", ok: false, ["job failed"], workload: "KHJob"),
            Result("by-lookup", "ns1", ok: true),
            Result("check", "ns1", ok: true, workload: "KHCheck"),
        };

        var view = Build(states, [CheckIn("check", "ns1")], [Job("by-lookup", "ns1")]);

        Assert.Equal(["ns1/by-lookup", "ns1/by-workload"], view.Jobs.Select(c => c.Key.ToString()));
        Assert.Equal(["ns1/check"], view.Checks.Select(c => c.Key.ToString()));
        Assert.False(view.OK);
        Assert.Equal(["job failed"], view.Errors);
    }

    [Fact]
    public void Build_CheckPastIntervalPlusTimeoutPlusOneMinute_StaleAndCounts()
    {
        var state = Result("late", "kh", ok: true);
        var bound = state.Spec.RunStarted!.Value + TimeSpan.FromMinutes(10 + 5 + 1);

        var atBound = Build([state], [CheckIn("late", "kh")], now: bound);
        var past = Build([state], [CheckIn("late", "kh")], now: bound + TimeSpan.FromSeconds(1));

        Assert.Equal(CheckState.Ok, Assert.Single(atBound.Checks).State);
        Assert.True(atBound.OK);
        var stale = Assert.Single(past.Checks);
        Assert.Equal(CheckState.Stale, stale.State);
        Assert.False(stale.OK);
        Assert.False(past.OK);
        Assert.Equal("kh/late is STALE: no run started since 2024-01-01T12:01:00Z, though it runs every 10m0s with a 5m0s timeout", Assert.Single(past.Errors));
    }

    [Fact]
    public void Build_CheckNeverRunLongAfterCreation_Stale()
    {
        var view = Build(checks: [CheckIn("stuck", "kh", interval: "1m", timeout: "30s", created: Now - TimeSpan.FromMinutes(3))]);

        Assert.Equal(CheckState.Stale, Assert.Single(view.Checks).State);
        Assert.False(view.OK);
    }

    [Fact]
    public void Build_PausedFailingCheck_ShownButNotCountedNorStale()
    {
        var state = Result("off", "kh", ok: false, ["old failure"]);

        var view = Build([state], [CheckIn("off", "kh", paused: true)], now: Now + TimeSpan.FromDays(1));

        var paused = Assert.Single(view.Checks);
        Assert.Equal(CheckState.Paused, paused.State);
        Assert.Equal(["old failure"], paused.Errors);
        Assert.Null(paused.NextRun);
        Assert.True(view.OK);
    }

    [Fact]
    public void Build_Schedule_NextRunOneIntervalAfterLastStartAndNoneWhileRunning()
    {
        var done = Result("done", "kh", ok: true);
        var running = Result("running", "kh", ok: true);
        running.Spec.Uuid = "run-2";
        running.Spec.RunPod = "running-run-2";
        running.Spec.RunStarted = Now;

        var view = Build([done, running], [CheckIn("done", "kh"), CheckIn("running", "kh")]);

        Assert.Equal(done.Spec.RunStarted + TimeSpan.FromMinutes(10), view.Checks[0].NextRun);
        Assert.Null(view.Checks[0].RunningPod);
        Assert.Null(view.Checks[1].NextRun);
        Assert.Equal("running-run-2", view.Checks[1].RunningPod);
        Assert.Equal(CheckState.Ok, view.Checks[1].State); // the last result stands while the next run is under way
        Assert.Equal(TimeSpan.FromMinutes(10), view.Checks[0].Interval);
        Assert.Equal(TimeSpan.FromMinutes(5), view.Checks[0].Timeout);
    }

    [Fact]
    public void Build_FailureUnderThreshold_OkWithReason()
    {
        var state = Result("flaky", "kh", ok: true, reason: FailureReason.Timeout);
        state.Spec.ConsecutiveFailures = 1;

        var view = Build([state], [CheckIn("flaky", "kh")]);

        Assert.True(view.OK);
        Assert.Equal(CheckState.Ok, view.Checks[0].State);
        Assert.Equal(FailureReason.Timeout, view.Checks[0].Spec!.Reason);
    }
}
