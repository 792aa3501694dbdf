using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Scheduling;

namespace HealthChecks.Controller.Hosting;

/// <summary>What only the leader does: schedule khchecks, run khjobs, reap. All of it ends with the term.</summary>
public sealed class LeaderWork(ControllerCaches caches, CheckScheduler scheduler, KhJobRunner jobs, Reaper reaper, ControllerMetrics metrics)
{
    public async Task RunAsync(CancellationToken leading)
    {
        metrics.CountTerm(); // called once per term, elected or standalone
        try
        {
            // Decisions (what is due, what is orphaned) need complete caches.
            await caches.AllSyncedAsync.WaitAsync(leading);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            return;
        }

        await Task.WhenAll(scheduler.RunAsync(leading), jobs.RunAsync(leading), reaper.RunAsync(leading));
    }
}
