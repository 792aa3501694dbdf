using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Runs;

public class RunProgressTests
{
    private static readonly RunTicket Run = Ticket(podName: "dns-0f8fad5b");

    private static KhStateSpec CurrentState() => new() { Uuid = Run.Uuid, RunStarted = Run.Started, RunDeadline = Run.Deadline, ResultUuid = "older" };

    private static V1Pod Pod(string phase, Action<V1PodStatus>? status = null)
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = Run.PodName, NamespaceProperty = "kuberhealthy" }, Status = new V1PodStatus { Phase = phase } };
        status?.Invoke(pod.Status);
        return pod;
    }

    private static V1Pod Waiting(string reason, string? message = null) =>
        Pod("Pending", s => s.ContainerStatuses = [new V1ContainerStatus { Name = "main", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } } }]);

    private static V1Pod Terminated(string phase, params (int Exit, string? Reason)[] containers) =>
        Pod(phase, s => s.ContainerStatuses = containers
            .Select((c, i) => new V1ContainerStatus { Name = "c" + i, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = c.Exit, Reason = c.Reason } } })
            .ToList());

    private static RunResult FailedWith(RunVerdict verdict) => Assert.IsType<RunVerdict.Failed>(verdict).Result;

    [Fact]
    public void Decide_StateNamesOtherRun_Superseded()
    {
        var state = CurrentState();
        state.Uuid = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

        var verdict = RunProgress.Decide(Run, state, Waiting("ErrImagePull"), null, Run.Deadline.AddHours(1));

        Assert.IsType<RunVerdict.Superseded>(verdict);
    }

    [Fact]
    public void Decide_ResultStored_Reported()
    {
        var state = CurrentState();
        state.ResultUuid = Run.Uuid;

        var verdict = RunProgress.Decide(Run, state, Terminated("Failed", (1, "Error")), Run.Started, Run.Deadline.AddHours(1));

        Assert.IsType<RunVerdict.Reported>(verdict);
    }

    [Theory]
    [InlineData("ErrImagePull")]
    [InlineData("ImagePullBackOff")]
    [InlineData("CreateContainerConfigError")]
    [InlineData("InvalidImageName")]
    public void Decide_ContainerCannotStart_PodStartFailedAtOnce(string reason)
    {
        var verdict = RunProgress.Decide(Run, CurrentState(), Waiting(reason, "pull access denied"), null, Run.Started.AddSeconds(3));

        var result = FailedWith(verdict);
        Assert.False(result.Ok);
        Assert.Equal(FailureReason.PodStartFailed, result.Reason);
        Assert.Equal([$"the checker pod could not start: {reason}: pull access denied"], result.Errors);
    }

    [Theory]
    [InlineData("ContainerCreating")]
    [InlineData("PodInitializing")]
    public void Decide_ContainerStillCreating_WaitsForDeadline(string reason)
    {
        var verdict = RunProgress.Decide(Run, CurrentState(), Waiting(reason), null, Run.Started.AddSeconds(3));

        Assert.Equal(new RunVerdict.Wait(Run.Deadline), verdict);
    }

    [Fact]
    public void Decide_StartFailureWithoutMessage_ReasonOnly()
    {
        var result = FailedWith(RunProgress.Decide(Run, CurrentState(), Waiting("ImagePullBackOff"), null, Run.Started.AddSeconds(3)));

        Assert.Equal(["the checker pod could not start: ImagePullBackOff"], result.Errors);
    }

    [Fact]
    public void Decide_StartFailureNamingThePod_StoredWithoutItsNameOrUid()
    {
        var pod = Waiting("CreateContainerConfigError", $"container has runAsNonRoot and image will run as root (pod: \"{Run.PodName}_kuberhealthy(0e7c1f2a-1111-2222-3333-444455556666)\", container: main)");
        pod.Metadata.Uid = "0e7c1f2a-1111-2222-3333-444455556666";

        var result = FailedWith(RunProgress.Decide(Run, CurrentState(), pod, null, Run.Started.AddSeconds(3)));

        Assert.Equal(
            ["the checker pod could not start: CreateContainerConfigError: container has runAsNonRoot and image will run as root (pod: the checker pod, container: main)"],
            result.Errors);
    }

    [Fact]
    public void Decide_PodJustEnded_WaitsForReportGrace()
    {
        var endedAt = Run.Started.AddSeconds(30);

        var verdict = RunProgress.Decide(Run, CurrentState(), Terminated("Failed", (2, "Error")), endedAt, endedAt.AddSeconds(1));

        Assert.Equal(new RunVerdict.Wait(endedAt + RunProgress.ReportGrace), verdict);
        Assert.Equal(TimeSpan.FromSeconds(5), RunProgress.ReportGrace);
    }

    [Fact]
    public void Decide_PodEndedAfterGrace_PodFailedNamesExitCode()
    {
        var endedAt = Run.Started.AddSeconds(30);
        var pod = Terminated("Failed", (0, "Completed"), (2, "Error"));

        var result = FailedWith(RunProgress.Decide(Run, CurrentState(), pod, endedAt, endedAt + RunProgress.ReportGrace));

        Assert.Equal(FailureReason.PodFailed, result.Reason);
        Assert.Equal(["the checker pod ended with exit code 2 (Error) without reporting"], result.Errors);
    }

    [Fact]
    public void Decide_PodSucceededWithoutReport_PodFailedExitZero()
    {
        var endedAt = Run.Started.AddSeconds(30);

        var result = FailedWith(RunProgress.Decide(Run, CurrentState(), Terminated("Succeeded", (0, null)), endedAt, endedAt.AddSeconds(6)));

        Assert.Equal(FailureReason.PodFailed, result.Reason);
        Assert.Equal(["the checker pod ended with exit code 0 without reporting"], result.Errors);
    }

    [Fact]
    public void Decide_PodEndedJustBeforeDeadline_WaitsOnlyUntilDeadline()
    {
        var endedAt = Run.Deadline.AddSeconds(-2);

        var verdict = RunProgress.Decide(Run, CurrentState(), Terminated("Failed", (1, null)), endedAt, endedAt);

        Assert.Equal(new RunVerdict.Wait(Run.Deadline), verdict);
    }

    [Fact]
    public void Decide_PodGone_PodFailedDeleted()
    {
        var endedAt = Run.Started.AddSeconds(30);

        var result = FailedWith(RunProgress.Decide(Run, CurrentState(), null, endedAt, endedAt.AddSeconds(10)));

        Assert.Equal(FailureReason.PodFailed, result.Reason);
        Assert.Equal(["the checker pod was deleted before it reported"], result.Errors);
    }

    [Fact]
    public void Decide_PodBeingDeleted_PodFailedDeleted()
    {
        var pod = Pod("Running");
        pod.Metadata.DeletionTimestamp = Run.Started.AddSeconds(20).UtcDateTime;
        var endedAt = Run.Started.AddSeconds(20);

        var result = FailedWith(RunProgress.Decide(Run, CurrentState(), pod, endedAt, endedAt.AddSeconds(5)));

        Assert.Equal(FailureReason.PodFailed, result.Reason);
        Assert.Equal(["the checker pod was deleted before it reported"], result.Errors);
    }

    [Fact]
    public void Decide_DeadlineWithUnschedulablePod_PodStartFailedWithSchedulerReason()
    {
        var pod = Pod("Pending", s => s.Conditions =
        [
            new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient cpu." },
        ]);

        var result = FailedWith(RunProgress.Decide(Run, CurrentState(), pod, null, Run.Deadline));

        Assert.Equal(FailureReason.PodStartFailed, result.Reason);
        Assert.Equal(
            ["the checker pod did not start within the timeout of 5m0s: Unschedulable: 0/1 nodes are available: 1 Insufficient cpu."],
            result.Errors);
    }

    [Fact]
    public void Decide_DeadlineWithPendingScheduledPod_PodStartFailedWithoutReason()
    {
        var result = FailedWith(RunProgress.Decide(Run, CurrentState(), Pod("Pending"), null, Run.Deadline.AddSeconds(1)));

        Assert.Equal(FailureReason.PodStartFailed, result.Reason);
        Assert.Equal(["the checker pod did not start within the timeout of 5m0s"], result.Errors);
    }

    [Fact]
    public void Decide_DeadlineWithRunningPod_Timeout()
    {
        var result = FailedWith(RunProgress.Decide(Run, CurrentState(), Pod("Running"), null, Run.Deadline));

        Assert.Equal(FailureReason.Timeout, result.Reason);
        Assert.Equal(["timed out after 5m0s waiting for the checker pod to report in"], result.Errors);
    }

    [Fact]
    public void Decide_RunningBeforeDeadline_WaitsUntilDeadline()
    {
        var verdict = RunProgress.Decide(Run, CurrentState(), Pod("Running"), null, Run.Deadline.AddTicks(-1));

        Assert.Equal(new RunVerdict.Wait(Run.Deadline), verdict);
    }

    [Fact]
    public void Decide_StateGone_StillDecidesFromPod()
    {
        var result = FailedWith(RunProgress.Decide(Run, null, Pod("Running"), null, Run.Deadline));

        Assert.Equal(FailureReason.Timeout, result.Reason);
    }

    [Theory]
    [InlineData("Succeeded", false, true)]
    [InlineData("Failed", false, true)]
    [InlineData("Running", false, false)]
    [InlineData("Pending", false, false)]
    [InlineData("Running", true, true)]
    public void HasEnded_PhaseAndDeletion_Expected(string phase, bool deleting, bool expected)
    {
        var pod = Pod(phase);
        if (deleting)
        {
            pod.Metadata.DeletionTimestamp = T0.UtcDateTime;
        }

        Assert.Equal(expected, RunProgress.HasEnded(pod));
    }

    [Fact]
    public void HasEnded_NoPod_True()
    {
        Assert.True(RunProgress.HasEnded(null));
    }
}
