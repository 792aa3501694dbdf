using System.Globalization;
using HealthChecks.Controller.Runs;
using Prometheus;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// The event-driven instruments (prometheus-net), observed where things happen and exported after
/// the snapshot families on <c>/metrics</c>. Every label is bounded: route templates, status
/// codes, enums, and <c>check</c>/<c>namespace</c> of existing khchecks (a deleted check's
/// series are removed). One instance per app, from the app's registry, so tests get their own.
/// </summary>
public sealed class ControllerMetrics
{
    /// <summary>Checks run for about a second up to their timeout (10 minutes at most, usually): upstream v3's buckets, and 600.</summary>
    public static IReadOnlyList<double> RunDurationBuckets { get; } = [1, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>From a probe's millisecond to an intake write that waits on a slow API server.</summary>
    public static IReadOnlyList<double> RequestDurationBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>
    /// A run begins within milliseconds of being due when the leader keeps up; a catch-up after a
    /// failover, spread by the run-start limiter, takes seconds to minutes.
    /// </summary>
    public static IReadOnlyList<double> RunStartDelayBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Histogram _requests;
    private readonly Histogram _runDurations;
    private readonly Histogram _runStartDelays;
    private readonly Counter _reports;
    private readonly Counter _terms;
    private readonly Counter _runsStarted;
    private readonly Counter _runErrors;
    private readonly bool _runDurationByCheck;

    /// <param name="factory">The app's registry.</param>
    /// <param name="promMetrics">Whether the run-duration histogram is kept per check (<see cref="PromMetricsOptions.RunDurationByCheck"/>).</param>
    public ControllerMetrics(IMetricFactory factory, PromMetricsOptions? promMetrics = null)
    {
        _runDurationByCheck = promMetrics?.RunDurationByCheck ?? false;
        _requests = NewHistogram(
            factory,
            "kuberhealthy_http_request_duration_seconds",
            "HTTP requests served by this replica, by route template (requests that match no route are not counted) and status code",
            RequestDurationBuckets,
            "endpoint",
            "code");
        _runDurations = NewHistogram(
            factory,
            "kuberhealthy_check_run_duration_seconds",
            $"Duration of the finished runs of {(_runDurationByCheck ? "each check" : "a namespace's checks")} (start to stored result), counted from the khstate watch as kuberhealthy_check_runs_total",
            RunDurationBuckets,
            _runDurationByCheck ? ["check", "namespace"] : ["namespace"]);
        _runStartDelays = NewHistogram(
            factory,
            "kuberhealthy_check_run_start_delay_seconds",
            "How late the leader began the scheduled runs of khchecks: from the time a run was due (one interval after the last start) to its khstate written, just before its pod is created. First runs, runs asked for by hand, khjobs and adopted runs are not observed",
            RunStartDelayBuckets);
        _reports = NewCounter(factory, "kuberhealthy_reports_total", "Checker reports received by this replica, by outcome", "outcome");
        _terms = NewCounter(factory, "kuberhealthy_leader_terms_total", "Leadership terms this replica started (Lease won, or standalone start)");
        _runsStarted = NewCounter(
            factory,
            "kuberhealthy_runs_started_total",
            "Runs of khchecks and khjobs the leader took on: scheduled (due by the interval, or a khjob), manual (POST /api/run) or adopted (in flight from a previous leader)",
            "start");
        _runErrors = NewCounter(
            factory,
            "kuberhealthy_run_controller_errors_total",
            "Runs the leader ended as ControllerError: the checker pod could not be created, or did not exist when a new leader adopted the run");

        // Every bounded label value from zero, so rate() and absent() work before the first event.
        foreach (var outcome in IntakeOutcomes.All)
        {
            _reports.WithLabels(IntakeOutcomes.Label(outcome));
        }

        _runsStarted.WithLabels("scheduled");
        _runsStarted.WithLabels("manual");
        _runsStarted.WithLabels("adopted");
    }

    /// <summary>One request answered on a route, <paramref name="endpoint"/> its template (never the raw path).</summary>
    public void ObserveRequest(string endpoint, int statusCode, TimeSpan elapsed) =>
        _requests.WithLabels(endpoint, statusCode.ToString(CultureInfo.InvariantCulture)).Observe(elapsed.TotalSeconds);

    /// <summary>
    /// One finished run of a khcheck; call once per run (see <see cref="RunCounter"/>). Labelled by
    /// namespace unless asked per check: 11 series per check made the histogram two thirds of a
    /// 10,000-check scrape (107,000 of 167,000 series) and tripled its cost; a check's own last
    /// duration is the <c>kuberhealthy_check_duration_seconds</c> gauge either way.
    /// </summary>
    public void ObserveRun(CheckKey check, TimeSpan duration) =>
        _runDurations.WithLabels(RunDurationLabels(check)).Observe(Math.Max(0, duration.TotalSeconds));

    /// <summary>A scheduled run of a khcheck begun by this leader, <paramref name="delay"/> after it was due (see <see cref="Reconciling.RunPlanner.ScheduledDue"/>).</summary>
    public void ObserveRunStartDelay(TimeSpan delay) => _runStartDelays.Observe(Math.Max(0, delay.TotalSeconds));

    /// <summary>
    /// The check's runs are no longer observed (check or khstate deleted), and
    /// <paramref name="lastOfNamespace"/> when no other check of its namespace is: its series go, so
    /// no histogram outlives its checks.
    /// </summary>
    public void ForgetCheck(CheckKey check, bool lastOfNamespace)
    {
        if (_runDurationByCheck || lastOfNamespace)
        {
            _runDurations.RemoveLabelled(RunDurationLabels(check));
        }
    }

    public void CountReport(IntakeOutcome outcome) => _reports.WithLabels(IntakeOutcomes.Label(outcome)).Inc();

    public void CountTerm() => _terms.Inc();

    /// <summary>A run begun by this leader (scheduled or asked for by hand), or adopted from the previous one.</summary>
    public void CountRunStarted(bool manual, bool adopted) => _runsStarted.WithLabels(adopted ? "adopted" : manual ? "manual" : "scheduled").Inc();

    public void CountRunControllerError() => _runErrors.Inc();

    // The run-duration series of a check; its "check" label is "namespace/name", as on kuberhealthy_check.
    private string[] RunDurationLabels(CheckKey check) => _runDurationByCheck ? [check.ToString(), check.Namespace] : [check.Namespace];

    // Exemplars only reach OpenMetrics scrapes, and /metrics serves text 0.0.4: recording them would be wasted work.
    private static Histogram NewHistogram(IMetricFactory factory, string name, string help, IReadOnlyList<double> buckets, params string[] labels) =>
        factory.CreateHistogram(name, help, labels, new HistogramConfiguration { Buckets = [.. buckets], ExemplarBehavior = ExemplarBehavior.NoExemplars() });

    private static Counter NewCounter(IMetricFactory factory, string name, string help, params string[] labels) =>
        factory.CreateCounter(name, help, labels, new CounterConfiguration { ExemplarBehavior = ExemplarBehavior.NoExemplars() });
}
