using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Scheduling;

namespace HealthChecks.Controller.Reconciling;

/// <summary>
/// The leader's decision for one check or job, as a pure function of what is cached: level-based,
/// so the same answer comes whether this leader started the run, adopts it after a failover, or
/// looks again after an API error. The khstate is the source of truth for runs: a run is in
/// flight while its UUID has no result; the next run is due one interval after the last start.
/// </summary>
public static class RunPlanner
{
    /// <summary>How long a pod just created may be missing from the cache before it counts as gone.</summary>
    public static readonly TimeSpan PodAppearGrace = TimeSpan.FromSeconds(10);

    public static NextStep Plan(PlanInput input)
    {
        if (input.Definition is not { } definition)
        {
            return new NextStep.Idle();
        }

        var state = input.State;
        if (!definition.IsValid)
        {
            return ShowsProblems(state, definition) ? new NextStep.Idle() : new NextStep.ShowInvalid();
        }

        if (definition.Kind == WorkloadKind.KHJob)
        {
            return PlanJob(input, definition, state);
        }

        if (state is { RunInFlight: true })
        {
            return Supervise(input, RunOf(state, definition));
        }

        if (definition.Paused || definition.Interval is not { } interval)
        {
            return new NextStep.Idle();
        }

        var due = Requested(definition, state) ? input.Now : SchedulePlanner.FirstRun(state, interval, input.Now);
        return due <= input.Now ? new NextStep.StartRun() : new NextStep.WaitUntil(due);
    }

    /// <summary>True while the state may begin a new run: none in flight, and (unless asked for by hand) the run is due.</summary>
    public static bool MayBegin(KhStateSpec state, CheckDefinition definition, DateTimeOffset now)
    {
        if (state.RunInFlight)
        {
            return false; // another writer began one: adopt it
        }

        if (definition.Kind == WorkloadKind.KHJob || Requested(definition, state))
        {
            return true;
        }

        return definition.Interval is { } interval && SchedulePlanner.FirstRun(state, interval, now) <= now;
    }

    /// <summary>
    /// When the run about to begin on <paramref name="state"/> (none in flight) was due by the
    /// schedule, to measure how late it begins. Null for runs the schedule did not set: a khjob, a
    /// run asked for by hand, a check's first run; those are due whenever the leader sees them.
    /// </summary>
    public static DateTimeOffset? ScheduledDue(KhStateSpec? state, CheckDefinition definition) =>
        definition.Kind == WorkloadKind.KHCheck && !Requested(definition, state) && definition.Interval is { } interval
            ? SchedulePlanner.NextDue(state, interval)
            : null;

    /// <summary>The run the khstate names as in flight.</summary>
    public static RunTicket RunOf(KhStateSpec state, CheckDefinition definition) =>
        new(state.Uuid, state.RunStarted!.Value, state.RunDeadline ?? state.RunStarted.Value + definition.Timeout, state.RunPod ?? CheckLabels.PodName(definition.Key.Name, state.Uuid));

    private static NextStep PlanJob(PlanInput input, CheckDefinition definition, KhStateSpec? state)
    {
        switch (input.JobPhase)
        {
            case KhJobPhase.Completed:
                return new NextStep.Idle();
            case null or KhJobPhase.New:
                return new NextStep.SetJobPhase(KhJobPhase.Running);
        }

        if (state is { RunInFlight: true })
        {
            return Supervise(input, RunOf(state, definition));
        }

        // A result of a run started for this job (not for an older job of the same name) finishes it.
        var ranForThisJob = state is { Uuid.Length: > 0, RunStarted: { } started } && state.ResultUuid == state.Uuid
            && (input.JobCreated is not { } created || started >= created - TimeSpan.FromSeconds(1));
        return ranForThisJob ? new NextStep.SetJobPhase(KhJobPhase.Completed) : new NextStep.StartRun();
    }

    private static NextStep Supervise(PlanInput input, RunTicket run)
    {
        var now = input.Now;
        var memo = input.Memo;
        var pod = input.Pod;
        DateTimeOffset? podEndedAt = memo?.PodEndedAt;
        if (pod is null && memo?.PodSeen != true)
        {
            // The pod is not in the cache and never was, for this leader.
            if (memo is { PodCreated: true, PodCreatedAt: { } created } && now < created + PodAppearGrace)
            {
                return new NextStep.WaitUntil(created + PodAppearGrace);
            }

            if (memo is { PodCreated: false, CreateFailures: > 0 })
            {
                return now < run.Deadline
                    ? new NextStep.CreatePod(run)
                    : new NextStep.Finish(run, RunResult.Failure(FailureReason.ControllerError, $"could not create the checker pod: {memo.LastCreateError}"), DeletePod: false);
            }

            if (memo?.PodConfirmedGone != true)
            {
                return new NextStep.ConfirmPodGone(run);
            }

            if (memo.PodCreated != true)
            {
                // Adopted from another leader: begun, but its pod never seen. Just begun, it most
                // likely was never created (that leader stopped in between): create it now.
                return now < run.Started + PodAppearGrace
                    ? new NextStep.CreatePod(run)
                    : new NextStep.Finish(run, RunResult.Failure(FailureReason.ControllerError, "the checker pod does not exist: it was never created, or was deleted before it reported"), DeletePod: false);
            }

            podEndedAt ??= now; // created, confirmed gone: deleted before the cache saw it
        }

        return RunProgress.Decide(run, input.State, pod, podEndedAt, now) switch
        {
            RunVerdict.Wait wait => new NextStep.WaitUntil(wait.Until),
            RunVerdict.Failed failed => new NextStep.Finish(run, failed.Result, DeletePod: pod is not null && !RunProgress.HasEnded(pod)),
            _ => new NextStep.RunOver(run),
        };
    }

    /// <summary>The khcheck asks for a run (its run-requested annotation) that no run has answered yet.</summary>
    public static bool Requested(CheckDefinition definition, KhStateSpec? state) =>
        definition.RunRequest is { } request && request != state?.RunRequest;

    private static bool ShowsProblems(KhStateSpec? state, CheckDefinition definition)
    {
        if (state is not { Reason: FailureReason.InvalidSpec })
        {
            return false;
        }

        var expected = new KhStateSpec();
        KhStateTransitions.ShowInvalid(expected, definition, DateTimeOffset.MinValue, "");
        return state.Errors.SequenceEqual(expected.Errors);
    }
}
