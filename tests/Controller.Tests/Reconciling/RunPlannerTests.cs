using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Reconciling;

public sealed class RunPlannerTests
{
    private const string RunId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string PodName = "dns-0f8fad5b";

    private static CheckDefinition Definition(string interval = "1m", bool paused = false) => CheckDefinition.FromCheck(Check(runInterval: interval, timeout: "30s", paused: paused));

    private static KhStateSpec InFlight(DateTimeOffset started) => new()
    {
        Uuid = RunId,
        RunStarted = started,
        RunDeadline = started + TimeSpan.FromSeconds(30),
        RunPod = PodName,
        ResultUuid = "an-older-run",
    };

    private static KhStateSpec Finished(DateTimeOffset started) => new() { Uuid = RunId, RunStarted = started, ResultUuid = RunId, OK = true, LastRun = started + TimeSpan.FromSeconds(5) };

    private static V1Pod Pod(string phase) => new() { Metadata = new V1ObjectMeta { Name = PodName }, Status = new V1PodStatus { Phase = phase } };

    private static NextStep Plan(CheckDefinition? definition, KhStateSpec? state, DateTimeOffset now, V1Pod? pod = null, RunMemo? memo = null) =>
        RunPlanner.Plan(new PlanInput { Definition = definition, State = state, Pod = pod, Memo = memo, Now = now });

    private static CheckDefinition Requested(string request, string interval = "1h") =>
        Definition(interval) with { RunRequest = request };

    [Fact]
    public void Plan_CheckGone_Idle() => Assert.IsType<NextStep.Idle>(Plan(null, Finished(T0), T0));

    [Fact]
    public void Plan_NeverRan_StartsNow() => Assert.IsType<NextStep.StartRun>(Plan(Definition(), null, T0));

    [Fact]
    public void Plan_RanRecently_WaitsUntilOneIntervalAfterTheLastStart()
    {
        var wait = Assert.IsType<NextStep.WaitUntil>(Plan(Definition("1m"), Finished(T0), T0 + TimeSpan.FromSeconds(20)));

        Assert.Equal(T0 + TimeSpan.FromMinutes(1), wait.Time);
    }

    [Fact]
    public void Plan_IntervalPassedSinceTheLastStart_Starts() =>
        Assert.IsType<NextStep.StartRun>(Plan(Definition("1m"), Finished(T0), T0 + TimeSpan.FromMinutes(1)));

    [Fact]
    public void Plan_UpstreamStateWithOnlyLastRun_ContinuesFromIt()
    {
        var upstream = new KhStateSpec { OK = true, LastRun = T0 };

        Assert.Equal(T0 + TimeSpan.FromMinutes(10), Assert.IsType<NextStep.WaitUntil>(Plan(Definition("10m"), upstream, T0 + TimeSpan.FromMinutes(3))).Time);
    }

    [Fact]
    public void Plan_AskedForByHand_StartsBeforeItsTime() =>
        Assert.IsType<NextStep.StartRun>(Plan(Requested("req-1"), Finished(T0), T0 + TimeSpan.FromMinutes(1)));

    [Fact]
    public void Plan_RequestAlreadyAnsweredByARun_WaitsForTheSchedule()
    {
        var answered = Finished(T0);
        answered.RunRequest = "req-1";

        Assert.IsType<NextStep.WaitUntil>(Plan(Requested("req-1"), answered, T0 + TimeSpan.FromMinutes(1)));
        Assert.IsType<NextStep.StartRun>(Plan(Requested("req-2"), answered, T0 + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Plan_AskedForByHandWhilePaused_NotRun() =>
        Assert.IsType<NextStep.Idle>(Plan(Definition(paused: true) with { RunRequest = "req-1" }, Finished(T0), T0 + TimeSpan.FromMinutes(1)));

    [Fact]
    public void ScheduledDue_RanBefore_OneIntervalAfterTheLastStart() =>
        Assert.Equal(T0 + TimeSpan.FromMinutes(1), RunPlanner.ScheduledDue(Finished(T0), Definition("1m")));

    [Fact]
    public void ScheduledDue_FirstRun_None() => Assert.Null(RunPlanner.ScheduledDue(null, Definition("1m")));

    [Fact]
    public void ScheduledDue_AskedForByHand_None()
    {
        Assert.Null(RunPlanner.ScheduledDue(Finished(T0), Requested("req-1", "1m")));

        var answered = Finished(T0);
        answered.RunRequest = "req-1";
        Assert.Equal(T0 + TimeSpan.FromMinutes(1), RunPlanner.ScheduledDue(answered, Requested("req-1", "1m"))); // its request is old: the schedule's again
    }

    [Fact]
    public void ScheduledDue_Job_None() => Assert.Null(RunPlanner.ScheduledDue(Finished(T0), CheckDefinition.FromJob(Job(timeout: "30s"))));

    [Fact]
    public void Plan_Paused_Idle() => Assert.IsType<NextStep.Idle>(Plan(Definition(paused: true), Finished(T0), T0 + TimeSpan.FromHours(1)));

    [Fact]
    public void Plan_PausedWhileARunIsInFlight_FollowsTheRunToItsEnd() =>
        Assert.IsType<NextStep.WaitUntil>(Plan(Definition(paused: true), InFlight(T0), T0 + TimeSpan.FromSeconds(5), Pod("Running"), new RunMemo(RunId) { PodSeen = true }));

    [Fact]
    public void Plan_Invalid_ShowsItOnce()
    {
        var invalid = CheckDefinition.FromCheck(Check(runInterval: "soon"));
        Assert.IsType<NextStep.ShowInvalid>(Plan(invalid, null, T0));

        var shown = new KhStateSpec();
        KhStateTransitions.ShowInvalid(shown, invalid, T0, "me");
        Assert.IsType<NextStep.Idle>(Plan(invalid, shown, T0 + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Plan_RunInFlightPodRunning_WaitsUntilTheDeadline()
    {
        var wait = Assert.IsType<NextStep.WaitUntil>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(5), Pod("Running"), new RunMemo(RunId) { PodSeen = true }));

        Assert.Equal(T0 + TimeSpan.FromSeconds(30), wait.Time);
    }

    [Fact]
    public void Plan_RunReported_IsOver()
    {
        var reported = InFlight(T0);
        reported.ResultUuid = RunId;

        // Not in flight any more: the next run is planned instead (one interval after this start).
        Assert.IsType<NextStep.WaitUntil>(Plan(Definition(), reported, T0 + TimeSpan.FromSeconds(5), Pod("Running")));
    }

    [Fact]
    public void Plan_PastTheDeadlineWithThePodRunning_FinishesAsTimeoutAndDeletesThePod()
    {
        var finish = Assert.IsType<NextStep.Finish>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(31), Pod("Running"), new RunMemo(RunId) { PodSeen = true }));

        Assert.Equal((FailureReason.Timeout, true), (finish.Result.Reason, finish.DeletePod));
    }

    [Fact]
    public void Plan_JustCreatedPodNotInTheCacheYet_Waits()
    {
        var memo = new RunMemo(RunId) { PodCreated = true, PodCreatedAt = T0 };

        Assert.Equal(T0 + RunPlanner.PodAppearGrace, Assert.IsType<NextStep.WaitUntil>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(2), memo: memo)).Time);
    }

    [Fact]
    public void Plan_CreatedPodStillMissingAfterTheGrace_AsksTheApiFirst()
    {
        var memo = new RunMemo(RunId) { PodCreated = true, PodCreatedAt = T0 };

        Assert.IsType<NextStep.ConfirmPodGone>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(11), memo: memo));
    }

    [Fact]
    public void Plan_CreatedPodConfirmedGone_EndsAsPodFailedAfterTheReportGrace()
    {
        var memo = new RunMemo(RunId) { PodCreated = true, PodCreatedAt = T0, PodConfirmedGone = true, PodEndedAt = T0 + TimeSpan.FromSeconds(11) };

        Assert.IsType<NextStep.WaitUntil>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(12), memo: memo));
        var finish = Assert.IsType<NextStep.Finish>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(17), memo: memo));
        Assert.Equal(FailureReason.PodFailed, finish.Result.Reason);
    }

    [Fact]
    public void Plan_PodCreateFailedBeforeTheDeadline_TriesAgain()
    {
        var memo = new RunMemo(RunId) { CreateFailures = 2, LastCreateError = "connection refused" };

        Assert.Equal(PodName, Assert.IsType<NextStep.CreatePod>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(20), memo: memo)).Run.PodName);
    }

    [Fact]
    public void Plan_PodCreateStillFailingAtTheDeadline_EndsAsControllerErrorWithTheLastError()
    {
        var memo = new RunMemo(RunId) { CreateFailures = 5, LastCreateError = "503 ServiceUnavailable: etcd is down" };

        var finish = Assert.IsType<NextStep.Finish>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(30), memo: memo));

        Assert.Equal(FailureReason.ControllerError, finish.Result.Reason);
        Assert.Contains("etcd is down", Assert.Single(finish.Result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AdoptedRunJustBegunWithoutItsPod_CreatesIt()
    {
        var memo = new RunMemo(RunId) { PodConfirmedGone = true }; // a new leader: begun by the old one, no pod

        Assert.IsType<NextStep.CreatePod>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(3), memo: memo));
    }

    [Fact]
    public void Plan_AdoptedOldRunWithoutItsPod_EndsAsControllerError()
    {
        var memo = new RunMemo(RunId) { PodConfirmedGone = true };

        var finish = Assert.IsType<NextStep.Finish>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(15), memo: memo));

        Assert.Equal(FailureReason.ControllerError, finish.Result.Reason);
        Assert.False(finish.DeletePod);
    }

    [Fact]
    public void Plan_AdoptedRunNotInTheCache_AsksTheApiBeforeDecidingAnything() =>
        Assert.IsType<NextStep.ConfirmPodGone>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(15), memo: new RunMemo(RunId)));

    [Fact]
    public void Plan_PodSeenThenGone_EndsAsPodFailedDeletedBeforeItReported()
    {
        var memo = new RunMemo(RunId) { PodSeen = true };
        memo.Observe(null, T0 + TimeSpan.FromSeconds(5));

        var finish = Assert.IsType<NextStep.Finish>(Plan(Definition(), InFlight(T0), T0 + TimeSpan.FromSeconds(11), memo: memo));

        Assert.Equal(FailureReason.PodFailed, finish.Result.Reason);
        Assert.Contains("deleted before it reported", Assert.Single(finish.Result.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, typeof(NextStep.SetJobPhase))]
    [InlineData(KhJobPhase.Completed, typeof(NextStep.Idle))]
    [InlineData(KhJobPhase.Running, typeof(NextStep.StartRun))]
    public void Plan_Job_ByPhase(string? phase, Type expected)
    {
        var job = CheckDefinition.FromJob(Job(timeout: "30s", created: T0));

        Assert.IsType(expected, RunPlanner.Plan(new PlanInput { Definition = job, JobPhase = phase, JobCreated = T0, Now = T0 }));
    }

    [Fact]
    public void Plan_RunningJobWhoseRunFinished_Completes()
    {
        var job = CheckDefinition.FromJob(Job(timeout: "30s", created: T0));
        var state = Finished(T0 + TimeSpan.FromSeconds(1));

        var step = Assert.IsType<NextStep.SetJobPhase>(RunPlanner.Plan(new PlanInput { Definition = job, JobPhase = KhJobPhase.Running, JobCreated = T0, State = state, Now = T0 + TimeSpan.FromMinutes(1) }));

        Assert.Equal(KhJobPhase.Completed, step.Phase);
    }

    [Fact]
    public void Plan_RunningJobWithAResultOfAnOlderJobOfTheSameName_RunsAgain()
    {
        var job = CheckDefinition.FromJob(Job(timeout: "30s", created: T0 + TimeSpan.FromHours(1)));

        Assert.IsType<NextStep.StartRun>(RunPlanner.Plan(new PlanInput { Definition = job, JobPhase = KhJobPhase.Running, JobCreated = T0 + TimeSpan.FromHours(1), State = Finished(T0), Now = T0 + TimeSpan.FromHours(1) }));
    }

    [Fact]
    public void MayBegin_AnotherRunInFlight_IsFalse() =>
        Assert.False(RunPlanner.MayBegin(InFlight(T0), Definition(), T0 + TimeSpan.FromHours(1)));

    [Fact]
    public void MayBegin_ARunStartedMeanwhileAndNotDueAgain_IsFalse() =>
        Assert.False(RunPlanner.MayBegin(Finished(T0), Definition("1m"), T0 + TimeSpan.FromSeconds(10)));

    [Fact]
    public void MayBegin_Due_IsTrue() =>
        Assert.True(RunPlanner.MayBegin(Finished(T0), Definition("1m"), T0 + TimeSpan.FromMinutes(1)));
}
