namespace HealthChecks.Controller.Scheduling;

/// <summary>What became of a request to run a check now.</summary>
public enum RunNowOutcome
{
    /// <summary>The run is asked for (the khcheck's run-requested annotation is set).</summary>
    Accepted,

    /// <summary>No such khcheck.</summary>
    Unknown,

    /// <summary>A run of the check is going.</summary>
    AlreadyRunning,

    /// <summary>The check is paused or invalid: it is not run.</summary>
    NotScheduled,
}
