using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Scheduling;
using HealthChecks.Controller.Status;

namespace HealthChecks.Controller.Metrics;

/// <summary>Gathers the snapshot part of a scrape (the status, the run counters, the controller's figures) and renders it.</summary>
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
    }
}
