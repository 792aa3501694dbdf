using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Scheduling;
using HealthChecks.Controller.Status;

namespace HealthChecks.Controller.Metrics;

/// <summary>Gathers what a scrape shows (the status, the run counters, the controller's and the process's figures) and renders it.</summary>
public sealed class MetricsSource(
    StatusSource status, RunCounter runs, LeadershipService leadership, CheckScheduler scheduler, Reaper reaper, ControllerOptions options)
{
    public void Render(TextWriter output)
    {
        var writer = new PrometheusTextWriter(output);
        var controller = new ControllerSnapshot
        {
            IsLeader = leadership.IsLeader,
            SchedulerLastTick = scheduler.LastFired,
            ReaperDeletedPods = reaper.DeletedPods,
        };
        MetricsRenderer.Render(writer, status.Current(), runs.Snapshot(), controller, options.PromMetrics);
        ProcessMetrics.Render(writer, ProcessSnapshot.Capture());
    }
}
