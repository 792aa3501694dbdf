namespace HealthChecks.Controller.Metrics;

/// <summary>
/// Upstream's <c>promMetricsConfig</c>: the free-text <c>error</c> label of <c>kuberhealthy_check</c>
/// and <c>kuberhealthy_job</c> can be left out, or cut to a number of bytes (0: no limit).
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
}
