namespace HealthChecks.Controller.Reconciling;

public enum WorkItemKind
{
    /// <summary>A khcheck: keep its runs going.</summary>
    Check,

    /// <summary>A khjob: run it once.</summary>
    Job,

    /// <summary>Delete what the reaper finds (every reaper interval).</summary>
    Reap,

    /// <summary>The heartbeat: proves the queue is being worked (liveness, and the scheduler metric).</summary>
    Tick,
}
