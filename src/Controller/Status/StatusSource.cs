using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Hosting;

namespace HealthChecks.Controller.Status;

/// <summary>The status now, from the watch caches and the Lease holder: no API call per request.</summary>
public sealed class StatusSource(ControllerCaches caches, LeadershipService leadership, TimeProvider time)
{
    public StatusView Current(IReadOnlySet<string>? namespaces = null) =>
        StatusAggregator.Build(
            caches.States.Snapshot(),
            caches.Checks.Snapshot(),
            caches.Jobs.Snapshot(),
            leadership.CurrentLeader ?? "",
            time.GetUtcNow(),
            namespaces);
}
