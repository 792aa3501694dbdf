namespace HealthChecks.Controller.Scheduling;

/// <summary>What became of a request to run a check now.</summary>
public enum RunNowOutcome
{
    /// <summary>The run was handed to the scheduler.</summary>
    Accepted,

    /// <summary>This replica does not lead (or its term is starting or ending): only the leader runs checks.</summary>
    NotLeading,

    /// <summary>No such khcheck.</summary>
    Unknown,

    /// <summary>A run of the check is going.</summary>
    AlreadyRunning,

    /// <summary>The check is paused or invalid (or not scheduled yet): it has no trigger to fire.</summary>
    NotScheduled,
}
