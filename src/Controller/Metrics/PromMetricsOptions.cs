namespace HealthChecks.Controller.Metrics;

/// <summary>
/// Upstream's <c>promMetricsConfig</c>: the free-text <c>error</c> label of <c>kuberhealthy_check</c>
/// and <c>kuberhealthy_job</c> can be left out, or cut to a number of bytes (0: no limit).
/// </summary>
public sealed record PromMetricsOptions
{
    public bool SuppressErrorLabel { get; init; }

    public int ErrorLabelMaxLength { get; init; }
}
