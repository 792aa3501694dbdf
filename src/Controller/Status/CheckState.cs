namespace HealthChecks.Controller.Status;

/// <summary>
/// What the status page says of one check or job. Only <see cref="Ok"/>, <see cref="Failing"/> and
/// <see cref="Stale"/> count toward the cluster's health: a check that never ran has nothing to say
/// yet, and a paused one was switched off on purpose.
/// </summary>
public static class CheckState
{
    /// <summary>The last result was a success (or a failure still under the check's failureThreshold).</summary>
    public const string Ok = "OK";

    /// <summary>The last result was a failure.</summary>
    public const string Failing = "Failing";

    /// <summary>No result yet: the check is new, or its first run is under way.</summary>
    public const string Pending = "Pending";

    /// <summary>The check missed its schedule: no run started for longer than interval + timeout + 1 minute.</summary>
    public const string Stale = "STALE";

    /// <summary><c>spec.paused: true</c>: not scheduled; the last result is shown but does not count.</summary>
    public const string Paused = "Paused";

    public static bool Counts(string state) => state is Ok or Failing or Stale;
}
