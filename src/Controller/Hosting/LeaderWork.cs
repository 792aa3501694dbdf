using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Events;
using HealthChecks.Controller.Reconciling;

namespace HealthChecks.Controller.Hosting;

/// <summary>
/// What only the leader does, for one term: the control loop (runs of khchecks and khjobs, the
/// reaper, the heartbeat) and the Events. Caches that will not sync end the term with an error,
/// so that the Lease goes to a replica that can work instead of staying with one that cannot.
/// </summary>
public sealed class LeaderWork(ControllerCaches caches, ControlLoop loop, CheckEventEmitter events, ControllerOptions options, TimeProvider time)
{
    public async Task RunAsync(CancellationToken leading)
    {
        try
        {
            await caches.AllSyncedAsync.WaitAsync(options.CacheSyncTimeout, time, leading);
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"the watch caches did not sync within {options.CacheSyncTimeout}: {caches.SyncProblem()}", ex);
        }

        await Task.WhenAll(loop.RunAsync(leading), events.RunAsync(leading));
    }
}
