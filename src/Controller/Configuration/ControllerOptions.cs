namespace HealthChecks.Controller.Configuration;

/// <summary>
/// Everything the controller is told at start, validated. The upstream config keys and env vars
/// keep their names and meaning (see <see cref="ControllerOptionsParser"/>); defaults are the
/// upstream Helm chart's, which is what existing users run.
/// </summary>
public sealed record ControllerOptions
{
    /// <summary>Where HTTP is served: <c>:8080</c>, <c>127.0.0.1:0</c> (a free port), or a URL.</summary>
    public string ListenAddress { get; init; } = ":8080";

    public TimeSpan MaxCheckPodAge { get; init; } = TimeSpan.FromHours(72);

    public int MaxCompletedPodCount { get; init; } = 4;

    public int MaxErrorPodCount { get; init; } = 4;

    public TimeSpan MaxKHJobAge { get; init; } = TimeSpan.FromMinutes(15);

    public string LogLevel { get; init; } = "info";

    /// <summary>The URL checkers report to (<c>KH_EXTERNAL_REPORTING_URL</c>).</summary>
    public required string ReportingUrl { get; init; }

    /// <summary>This replica's name (<c>POD_NAME</c>): the lease identity and khstate <c>AuthoritativePod</c>.</summary>
    public required string PodName { get; init; }

    public required string PodNamespace { get; init; }

    /// <summary>This replica's Pod UID (<c>POD_UID</c>, from the downward API), so its own Events show in <c>kubectl describe pod</c>; null out of cluster.</summary>
    public string? PodUid { get; init; }

    /// <summary>Watch, run and reap in this namespace only (<c>TARGET_NAMESPACE</c>); null means all.</summary>
    public string? TargetNamespace { get; init; }

    public TimeSpan ReaperInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Run without leader election (local use, one replica).</summary>
    public bool Standalone { get; init; }

    public string LeaseName { get; init; } = "healthchecks-controller";

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound of runs in flight at once; more wait their turn.</summary>
    public int MaxConcurrentRuns { get; init; } = 500;

    /// <summary>
    /// Runs begin no faster than this (config <c>maxRunStartsPerSecond</c>), so a new leader (or an
    /// API server back) catches up gradually. It must leave room above the steady pace (checks /
    /// interval: 1,000 checks at 1 minute need 16.7 a second), or a stall turns into missed runs.
    /// </summary>
    public double MaxRunStartsPerSecond { get; init; } = 20;

    /// <summary>Workers taking items off the leader's work queue (each holds one API call at a time, not a run).</summary>
    public int Workers { get; init; } = 8;

    /// <summary>How often the leader puts every check and job in its work queue again (level-based resync).</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a new term waits for the watch caches before it gives the Lease up.</summary>
    public TimeSpan CacheSyncTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary><c>/healthz</c> fails when this replica leads and its control loop has not ticked for longer.</summary>
    public TimeSpan LivenessBound { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a term's work may take to stop when the term ends; beyond it the process exits.</summary>
    public TimeSpan WorkStopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>This many failed terms within <see cref="TermFailureWindow"/> make the process exit (code 1) to be restarted.</summary>
    public int MaxTermFailures { get; init; } = 3;

    public TimeSpan TermFailureWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Upstream's <c>promMetricsConfig</c>: the <c>error</c> label left out or cut short.</summary>
    public Metrics.PromMetricsOptions PromMetrics { get; init; } = new();

    /// <summary>Largest accepted report body. A report is an OK and at most 20 short errors; 64 KiB is ample, and bounds the intake's memory.</summary>
    public int MaxReportBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// How long a report's body may take to arrive (config <c>reportReadTimeout</c>); beyond it
    /// 408. Kestrel alone would let a body trickle in at 240 bytes a second, holding one of the
    /// <see cref="MaxConcurrentReports"/> slots for minutes.
    /// </summary>
    public TimeSpan ReportReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a report waits for its run to reach this replica's cache before it is answered 503 (retried).</summary>
    public TimeSpan ReportWaitForRun { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Reports that may wait for their run at once; more are answered 503 at once.</summary>
    public int MaxReportsAwaitingRun { get; init; } = 16;

    /// <summary>Reports taken at once on this replica; more are answered 503 at once.</summary>
    public int MaxConcurrentReports { get; init; } = 128;

    /// <summary>Reports per second one address may send (bursts of twice that); more are answered 429.</summary>
    public int MaxReportsPerSourcePerSecond { get; init; } = 50;
}
