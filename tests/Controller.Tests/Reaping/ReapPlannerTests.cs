using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Resources;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Reaping;

public class ReapPlannerTests
{
    private static readonly DateTimeOffset Now = T0;

    private static V1Pod Pod(string name, string phase, DateTimeOffset created, string check = "dns", string ns = "kuberhealthy", string? runId = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            CreationTimestamp = created.UtcDateTime,
            Labels = new Dictionary<string, string> { ["kuberhealthy-check-name"] = check, ["kuberhealthy-run-id"] = runId ?? "run-" + name },
            Annotations = new Dictionary<string, string> { ["comcast.github.io/check-name"] = check },
        },
        Status = new V1PodStatus { Phase = phase },
    };

    private static List<ReapDecision> Plan(
        IReadOnlyCollection<V1Pod>? pods = null,
        IReadOnlyCollection<KuberhealthyCheck>? checks = null,
        IReadOnlyCollection<KuberhealthyJob>? jobs = null,
        IReadOnlyCollection<KuberhealthyState>? states = null,
        int maxCompleted = 4,
        int maxError = 4) =>
        ReapPlanner.Plan(pods ?? [], checks ?? [Check("dns")], jobs ?? [], states ?? [], Options(maxCompleted, maxError), Now);

    private static ReapDecision PodReap(string name, string reason, string ns = "kuberhealthy") => new("Pod", ns, name, reason);

    [Fact]
    public void Plan_Nothing_Empty()
    {
        Assert.Empty(Plan());
    }

    [Fact]
    public void Plan_SixSucceeded_KeepsNewestFour()
    {
        var pods = Enumerable.Range(1, 6).Select(i => Pod("ok-" + i, "Succeeded", Now.AddMinutes(-10 * i))).ToList();

        var plan = Plan(pods);

        Assert.Equal([PodReap("ok-5", "completed"), PodReap("ok-6", "completed")], plan);
    }

    [Fact]
    public void Plan_FailedAndSucceeded_CountedSeparately()
    {
        var pods = Enumerable.Range(1, 3).Select(i => Pod("ok-" + i, "Succeeded", Now.AddMinutes(-i)))
            .Concat(Enumerable.Range(1, 3).Select(i => Pod("bad-" + i, "Failed", Now.AddMinutes(-i))))
            .ToList();

        var plan = Plan(pods, maxCompleted: 2, maxError: 1);

        Assert.Equal(
            [PodReap("ok-3", "completed"), PodReap("bad-2", "failed"), PodReap("bad-3", "failed")],
            plan);
    }

    [Fact]
    public void Plan_SameCheckNameInTwoNamespaces_CountedPerNamespace()
    {
        var pods = new[]
        {
            Pod("a-1", "Succeeded", Now.AddMinutes(-1), ns: "ns1"),
            Pod("a-2", "Succeeded", Now.AddMinutes(-2), ns: "ns1"),
            Pod("b-1", "Succeeded", Now.AddMinutes(-3), ns: "ns2"),
        };

        var plan = Plan(pods, checks: [Check("dns", "ns1"), Check("dns", "ns2")], maxCompleted: 1);

        Assert.Equal([PodReap("a-2", "completed", "ns1")], plan);
    }

    [Fact]
    public void Plan_GroupsByAnnotationNotShortenedLabel()
    {
        var longA = new string('a', 70) + "-one";
        var longB = new string('a', 70) + "-two";
        var pods = new[]
        {
            Pod("p-1", "Succeeded", Now.AddMinutes(-1), check: longA),
            Pod("p-2", "Succeeded", Now.AddMinutes(-2), check: longB),
        };
        // Same (truncated) label on both: only the annotation tells the checks apart.
        foreach (var pod in pods)
        {
            pod.Metadata.Labels!["kuberhealthy-check-name"] = "shared-label";
        }

        Assert.Empty(Plan(pods, checks: [Check(longA), Check(longB)], maxCompleted: 1));
    }

    [Fact]
    public void Plan_OldPod_Expired()
    {
        var pods = new[]
        {
            Pod("old", "Succeeded", Now - TimeSpan.FromHours(72) - TimeSpan.FromSeconds(1)),
            Pod("young", "Succeeded", Now - TimeSpan.FromHours(71)),
        };

        Assert.Equal([PodReap("old", "expired")], Plan(pods));
    }

    [Fact]
    public void Plan_ExpiredPod_NotCountedTwice()
    {
        var pods = new[]
        {
            Pod("new", "Succeeded", Now.AddMinutes(-1)),
            Pod("old", "Succeeded", Now.AddHours(-100)),
        };

        Assert.Equal([PodReap("old", "expired")], Plan(pods, maxCompleted: 1));
    }

    [Fact]
    public void Plan_RunningPodPastDeadlinePlusGrace_Reaped()
    {
        var state = KhState("dns", spec: new KhStateSpec { Uuid = "run-now", RunStarted = Now.AddMinutes(-7), RunDeadline = Now.AddMinutes(-1).AddSeconds(-1) });

        var plan = Plan([Pod("now", "Running", Now.AddMinutes(-7), runId: "run-now")], states: [state]);

        Assert.Equal([PodReap("now", "past-deadline")], plan);
        Assert.Equal(TimeSpan.FromMinutes(1), ReapPlanner.DeadlineGrace);
    }

    [Fact]
    public void Plan_RunningPodWithinGrace_Kept()
    {
        var state = KhState("dns", spec: new KhStateSpec { Uuid = "run-now", RunStarted = Now.AddMinutes(-6), RunDeadline = Now.AddSeconds(-59) });

        Assert.Empty(Plan([Pod("now", "Running", Now.AddMinutes(-6), runId: "run-now")], states: [state]));
    }

    [Fact]
    public void Plan_CurrentRunPodBeforeDeadline_Kept()
    {
        var state = KhState("dns", spec: new KhStateSpec { Uuid = "run-now", RunStarted = Now.AddMinutes(-1), RunDeadline = Now.AddMinutes(4) });

        Assert.Empty(Plan([Pod("now", "Pending", Now.AddMinutes(-1), runId: "run-now")], states: [state]));
    }

    [Fact]
    public void Plan_OlderRunPodStillRunning_Reaped()
    {
        var state = KhState("dns", spec: new KhStateSpec { Uuid = "run-new", RunStarted = Now.AddMinutes(-2), RunDeadline = Now.AddMinutes(3) });
        var pods = new[]
        {
            Pod("older", "Running", Now.AddMinutes(-12), runId: "run-old"),
            Pod("newer", "Running", Now.AddMinutes(-2), runId: "run-new"),
        };

        Assert.Equal([PodReap("older", "past-deadline")], Plan(pods, states: [state]));
    }

    [Fact]
    public void Plan_OlderRunPodJustAfterNewStart_Kept()
    {
        var state = KhState("dns", spec: new KhStateSpec { Uuid = "run-new", RunStarted = Now.AddSeconds(-30), RunDeadline = Now.AddMinutes(4) });

        Assert.Empty(Plan([Pod("older", "Running", Now.AddMinutes(-12), runId: "run-old")], states: [state]));
    }

    [Fact]
    public void Plan_CompletedPodOfOlderRun_NotPastDeadline()
    {
        var state = KhState("dns", spec: new KhStateSpec { Uuid = "run-new", RunStarted = Now.AddMinutes(-20) });

        Assert.Empty(Plan([Pod("older", "Failed", Now.AddMinutes(-40), runId: "run-old")], states: [state]));
    }

    [Fact]
    public void Plan_PodBeingDeleted_Ignored()
    {
        var pod = Pod("old", "Succeeded", Now.AddHours(-100));
        pod.Metadata.DeletionTimestamp = Now.AddSeconds(-5).UtcDateTime;
        var pods = new[] { pod, Pod("ok-1", "Succeeded", Now.AddMinutes(-1)) };

        Assert.Empty(Plan(pods, maxCompleted: 1));
    }

    [Fact]
    public void Plan_CompletedJobOlderThanMaxAge_Reaped()
    {
        var jobs = new[]
        {
            Job("done-old", phase: KhJobPhase.Completed, created: Now.AddMinutes(-16)),
            Job("done-new", phase: KhJobPhase.Completed, created: Now.AddMinutes(-14)),
            Job("running-old", phase: KhJobPhase.Running, created: Now.AddHours(-5)),
            Job("new-old", phase: null, created: Now.AddHours(-5)),
        };

        var plan = Plan(jobs: jobs);

        Assert.Equal([new ReapDecision("KuberhealthyJob", "kuberhealthy", "done-old", "job-expired")], plan);
    }

    [Fact]
    public void Plan_StateWithoutCheckOrJob_Orphaned()
    {
        var states = new[]
        {
            KhState("dns"),
            KhState("once"),
            KhState("dns", ns: "other"),
            KhState("gone"),
        };

        var plan = Plan(checks: [Check("dns")], jobs: [Job("once")], states: states);

        Assert.Equal(
            [
                new ReapDecision("KuberhealthyState", "other", "dns", "orphaned"),
                new ReapDecision("KuberhealthyState", "kuberhealthy", "gone", "orphaned"),
            ],
            plan);
    }

    [Fact]
    public void Plan_RunningCurrentRunPodOlderThanMaxAge_Kept()
    {
        var state = KhState("dns", spec: new KhStateSpec { Uuid = "run-now", RunStarted = Now.AddMinutes(-10), RunDeadline = Now.AddMinutes(20) });
        var pod = Pod("now", "Running", Now.AddMinutes(-10), runId: "run-now");

        var plan = ReapPlanner.Plan([pod], [Check("dns")], [], [state], Options(maxPodAge: TimeSpan.FromMinutes(5)), Now);

        Assert.Empty(plan);
    }
}
