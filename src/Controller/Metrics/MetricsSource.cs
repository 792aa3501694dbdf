using System.Buffers;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Events;
using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.Status;

namespace HealthChecks.Controller.Metrics;

/// <summary>Gathers the snapshot part of a scrape (the status, the run counters, the controller's figures) and renders it.</summary>
public sealed class MetricsSource(
    StatusSource status, RunCounter runs, LeadershipService leadership, ControlLoop loop, Reaper reaper, CheckEventEmitter events, ControllerOptions options)
{
    public void Render(IBufferWriter<byte> output)
    {
        var writer = new PrometheusTextWriter(output);
        var controller = new ControllerSnapshot
        {
            IsLeader = leadership.IsLeader,
            SchedulerLastTick = loop.LastTick,
            ReaperDeletedPods = reaper.DeletedPods,
            WorkFailures = loop.Failures,
            WorkQueueDepth = loop.QueueDepth,
            RunsInFlight = loop.RunsInFlight,
            EventsWritten = events.Written,
            EventsFailed = events.Failed,
            EventsDropped = events.Dropped,
        };
        MetricsRenderer.Render(writer, status.Current(), runs.Snapshot(), controller, options.PromMetrics);
    }
}
