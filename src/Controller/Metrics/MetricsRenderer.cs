using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Status;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// The metrics text, from one <see cref="StatusView"/> (the status page's, unfiltered) and the
/// controller's counters: first Kuberhealthy v2's families with their names, labels and HELP texts
/// (the upstream Grafana dashboard and alerts read them), then ours, which are bounded: a check's
/// series carry only <c>check</c>, <c>namespace</c> and enum labels. Series are ordered by
/// <c>namespace/name</c>, so two scrapes of the same state are byte-identical.
/// </summary>
public static class MetricsRenderer
{
    private const string Gauge = "gauge";
    private const string Counter = "counter";

    public static void Render(
        PrometheusTextWriter writer, StatusView view, IReadOnlyDictionary<CheckKey, RunCounts> runs, ControllerSnapshot controller, PromMetricsOptions options)
    {
        WriteKuberhealthy(writer, view, options);
        WriteChecks(writer, view, runs);
        WriteController(writer, controller);
        writer.Flush();
    }

    private static void WriteKuberhealthy(PrometheusTextWriter writer, StatusView view, PromMetricsOptions options)
    {
        writer.Family("kuberhealthy_running", Gauge, "Shows if kuberhealthy is running error free");
        writer.Sample("kuberhealthy_running", "current_master", view.CurrentMaster, 1);
        writer.Family("kuberhealthy_cluster_state", Gauge, "Shows the status of the cluster");
        writer.Sample("kuberhealthy_cluster_state", view.OK ? 1 : 0);
        WriteWorkloads(writer, "check", view.Checks, options);
        WriteWorkloads(writer, "job", view.Jobs, options);
    }

    private static void WriteWorkloads(PrometheusTextWriter writer, string kind, IReadOnlyList<CheckView> views, PromMetricsOptions options)
    {
        // As upstream, what never produced a result has no series (a STALE check that never ran has one: it is down).
        var shown = views.Where(v => v.HasResult || v.State == CheckState.Stale).ToList();
        var checkLabels = shown.ConvertAll(v => v.Key.ToString()); // once per check, not once per family
        var name = "kuberhealthy_" + kind;
        writer.Family(name, Gauge, $"Shows the status of a Kuberhealthy {kind}");
        Span<(string, string)> labels = new (string, string)[options.SuppressErrorLabel ? 3 : 4];
        for (var i = 0; i < shown.Count; i++)
        {
            var v = shown[i];
            var status = v.OK ? "1" : "0";
            labels[0] = ("check", checkLabels[i]);
            labels[1] = ("namespace", v.Key.Namespace);
            labels[2] = ("status", status);
            if (!options.SuppressErrorLabel)
            {
                labels[3] = ("error", ErrorLabel.Of(v.Errors, options.ErrorLabelMaxLength));
            }

            writer.Sample(name, labels, v.OK ? 1 : 0);
        }

        var duration = name + "_duration_seconds";
        writer.Family(duration, Gauge, $"Shows the {kind} run duration of a Kuberhealthy {kind}");
        for (var i = 0; i < shown.Count; i++)
        {
            writer.Sample(duration, "check", checkLabels[i], "namespace", shown[i].Key.Namespace, shown[i].Duration.TotalSeconds);
        }
    }

    private static void WriteChecks(PrometheusTextWriter writer, StatusView view, IReadOnlyDictionary<CheckKey, RunCounts> runs)
    {
        const string total = "kuberhealthy_check_runs_total";
        writer.Family(total, Counter, "Finished runs of a check since the controller started, by result (success, failure) and failure reason");
        Span<(string, string)> labels = new (string, string)[4];
        var checkLabels = new string[view.Checks.Count];
        for (var i = 0; i < view.Checks.Count; i++)
        {
            var v = view.Checks[i];
            var counts = runs.GetValueOrDefault(v.Key) ?? RunCounts.None;
            labels[0] = ("check", checkLabels[i] = v.Key.ToString());
            labels[1] = ("namespace", v.Key.Namespace);
            labels[2] = ("result", "success");
            labels[3] = ("reason", "");
            writer.Sample(total, labels, counts.Successes);

            // Success from zero for every check; a failure series from the first failure of its
            // reason. A zero series for every reason would almost double the scrape (at 10,000
            // checks, 50,000 more lines that stay 0; upstream users already complain of scrape
            // size) for little gain: alert on consecutive failures or kuberhealthy_check.
            labels[2] = ("result", "failure");
            foreach (var (reason, count) in counts.Failures.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                labels[3] = ("reason", reason);
                writer.Sample(total, labels, count);
            }
        }

        PerCheck(writer, view, checkLabels, "kuberhealthy_check_consecutive_failures", "Failed runs of a check in a row (0 after a success)",
            v => v.Spec?.ConsecutiveFailures ?? 0);
        PerCheck(writer, view, checkLabels, "kuberhealthy_check_last_success_timestamp_seconds", "When a check last succeeded, in seconds since the epoch (absent until it has)",
            v => v.Spec?.LastSuccess is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : null);
        PerCheck(writer, view, checkLabels, "kuberhealthy_check_stale", "1 when a check missed its schedule by more than interval + timeout + 1 minute",
            v => v.State == CheckState.Stale ? 1 : 0);
    }

    private static void PerCheck(PrometheusTextWriter writer, StatusView view, string[] checkLabels, string name, string help, Func<CheckView, double?> value)
    {
        writer.Family(name, Gauge, help);
        for (var i = 0; i < view.Checks.Count; i++)
        {
            if (value(view.Checks[i]) is { } x)
            {
                writer.Sample(name, "check", checkLabels[i], "namespace", view.Checks[i].Key.Namespace, x);
            }
        }
    }

    private static void WriteController(PrometheusTextWriter writer, ControllerSnapshot controller)
    {
        writer.Family("kuberhealthy_controller_leader", Gauge, "1 when this replica holds the leader Lease (schedules, runs and reaps)");
        writer.Sample("kuberhealthy_controller_leader", controller.IsLeader ? 1 : 0);
        writer.Family("kuberhealthy_scheduler_last_tick_timestamp_seconds", Gauge, "When the leader's control loop last worked its heartbeat (every 10 s while it works), in seconds since the epoch (absent on a replica that has not led)");
        if (controller.SchedulerLastTick is { } tick)
        {
            writer.Sample("kuberhealthy_scheduler_last_tick_timestamp_seconds", tick.ToUnixTimeMilliseconds() / 1000.0);
        }

        writer.Family("kuberhealthy_reaper_deleted_pods_total", Counter, "Checker pods the reaper deleted since the controller started, by reason");
        foreach (var reason in ReapDecision.PodReasons.Union(controller.ReaperDeletedPods.Keys.Order(StringComparer.Ordinal)))
        {
            writer.Sample("kuberhealthy_reaper_deleted_pods_total", "reason", reason, controller.ReaperDeletedPods.GetValueOrDefault(reason));
        }

        writer.Family("kuberhealthy_controller_work_failures_total", Counter, "Passes of the leader's work (a check, a job, the reaper) that failed and were retried after a backoff, since the controller started");
        writer.Sample("kuberhealthy_controller_work_failures_total", controller.WorkFailures);
        writer.Family("kuberhealthy_controller_workqueue_depth", Gauge, "Items waiting for a worker in the leader's work queue (0 on a follower)");
        writer.Sample("kuberhealthy_controller_workqueue_depth", controller.WorkQueueDepth);
        writer.Family("kuberhealthy_controller_runs_in_flight", Gauge, "Runs in flight that the leader follows");
        writer.Sample("kuberhealthy_controller_runs_in_flight", controller.RunsInFlight);
        writer.Family("kuberhealthy_controller_events_total", Counter, "Kubernetes Events the leader recorded on checks, by result: written, failed (the API refused or was away), dropped (too many waiting)");
        writer.Sample("kuberhealthy_controller_events_total", "result", "dropped", controller.EventsDropped);
        writer.Sample("kuberhealthy_controller_events_total", "result", "failed", controller.EventsFailed);
        writer.Sample("kuberhealthy_controller_events_total", "result", "written", controller.EventsWritten);
    }
}
