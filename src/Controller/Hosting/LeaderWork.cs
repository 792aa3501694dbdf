using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Crds;
using HealthChecks.Controller.Events;
using HealthChecks.Controller.Reconciling;

namespace HealthChecks.Controller.Hosting;

/// <summary>
/// What only the leader does, for one term: the control loop (runs of khchecks and khjobs, the
/// reaper, the heartbeat) and the Events. Caches that will not sync end the term with an error,
/// so that the Lease goes to a replica that can work instead of staying with one that cannot.
/// While the served CRDs would prune HealthChecks' fields (<see cref="CrdSchemaGate"/>), the
/// leader keeps the Lease but does nothing: no run begins, no khstate is written, nothing is
/// reaped. Another replica would see the same CRDs, and a restart cannot fix them; the work
/// starts again, from the caches, once they are upgraded.
/// </summary>
public sealed class LeaderWork(ControllerCaches caches, ControlLoop loop, CheckEventEmitter events, CrdSchemaGate schema, ControllerOptions options, TimeProvider time)
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

        while (true)
        {
            var whileFit = await schema.WaitUntilFitAsync(leading);
            using var fit = CancellationTokenSource.CreateLinkedTokenSource(leading, whileFit);
            try
            {
                await Task.WhenAll(loop.RunAsync(fit.Token), events.RunAsync(fit.Token));
            }
            catch (OperationCanceledException) when (whileFit.IsCancellationRequested && !leading.IsCancellationRequested)
            {
            }

            if (!whileFit.IsCancellationRequested || leading.IsCancellationRequested)
            {
                return; // the term ended, or the work ended by itself (LeadershipService calls that a failure)
            }
        }
    }
}
