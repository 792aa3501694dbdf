namespace HealthChecks.Controller.Metrics;

/// <summary>
/// Upstream's <c>promMetricsConfig</c>: the free-text <c>error</c> label of <c>kuberhealthy_check</c>
/// and <c>kuberhealthy_job</c> can be left out, or cut to a number of bytes (0: no limit). Ours
/// besides: whether <c>kuberhealthy_check_run_duration_seconds</c> is kept per check.
/// </summary>
public sealed record PromMetricsOptions
{
    /// <summary>
    /// The label's default bound (upstream: none). Controller-written errors never name a run's
    /// pod, but a checker's own text is free: cut, a label cannot grow a series per distinct
    /// message tail, and stays readable in an alert.
    /// </summary>
    public const int DefaultErrorLabelMaxLength = 128;

    public bool SuppressErrorLabel { get; init; }

    public int ErrorLabelMaxLength { get; init; } = DefaultErrorLabelMaxLength;

    /// <summary>
    /// A <c>check</c> label on the run-duration histogram besides <c>namespace</c>. Off by default:
    /// it is 11 series per check, two thirds of a 10,000-check scrape and three times its cost.
    /// </summary>
    public bool RunDurationByCheck { get; init; }
}
