namespace HealthChecks.CheckSdk.Reporting;

/// <summary>Retry timing for <see cref="ReportClient"/>; the run's deadline bounds the whole.</summary>
public sealed record ReportClientOptions
{
    /// <summary>First retry delay; it doubles each attempt, with jitter.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One HTTP attempt's limit, so that a hung connection is retried rather than waited on.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Extra time allowed after the deadline. Zero by default: our controller answers 410 after
    /// the deadline, so a later report is pointless.
    /// </summary>
    public TimeSpan DeadlineGrace { get; init; } = TimeSpan.Zero;
}
