namespace HealthChecks.CheckSdk.Reporting;

/// <summary>How one report ended.</summary>
public enum ReportOutcome
{
    /// <summary>200: the controller stored the result.</summary>
    Accepted,

    /// <summary>400: the upstream server's answer for an unknown or superseded run or a malformed body. Final, not retried.</summary>
    Rejected,

    /// <summary>410: our controller's answer for a report after the run's deadline. Final.</summary>
    Expired,

    /// <summary>Another status that retrying cannot fix (e.g. 404 for a wrong URL). Final.</summary>
    Refused,

    /// <summary>Transport errors, 5xx or 429 until the run's deadline passed.</summary>
    DeadlineReached,
}
