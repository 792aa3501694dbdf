using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Reconciling;

/// <summary>What the leader does next for one check or job (see <see cref="RunPlanner"/>).</summary>
public abstract record NextStep
{
    /// <summary>Nothing to do until something changes (deleted, paused, a completed job).</summary>
    public sealed record Idle : NextStep;

    /// <summary>Nothing to do before this time (the next run is due, or the run's deadline).</summary>
    public sealed record WaitUntil(DateTimeOffset Time) : NextStep;

    /// <summary>Show the spec's problems in the khstate (and so an Event); the check is not run.</summary>
    public sealed record ShowInvalid : NextStep;

    /// <summary>A khjob's phase must move on first.</summary>
    public sealed record SetJobPhase(string Phase) : NextStep;

    /// <summary>A run is due: write it to the khstate, then create its pod.</summary>
    public sealed record StartRun : NextStep;

    /// <summary>The run in flight has no pod yet (this leader's create failed, or a new leader adopts a run just begun).</summary>
    public sealed record CreatePod(RunTicket Run) : NextStep;

    /// <summary>The run's pod is not in the cache: ask the API once before calling it gone.</summary>
    public sealed record ConfirmPodGone(RunTicket Run) : NextStep;

    /// <summary>The run is over without a report: store this failure (and delete the pod if it still runs).</summary>
    public sealed record Finish(RunTicket Run, RunResult Result, bool DeletePod) : NextStep;

    /// <summary>The run ended by a report, or was replaced: forget it and plan the next.</summary>
    public sealed record RunOver(RunTicket Run) : NextStep;
}
