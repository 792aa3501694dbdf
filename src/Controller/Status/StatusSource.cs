using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Crds;
using HealthChecks.Controller.Hosting;

namespace HealthChecks.Controller.Status;

/// <summary>The status now, from the watch caches and the Lease holder: no API call per request.</summary>
public sealed class StatusSource(ControllerCaches caches, LeadershipService leadership, CrdSchemaGate schema, TimeProvider time)
{
    public StatusView Current(IReadOnlySet<string>? namespaces = null)
    {
        var view = StatusAggregator.Build(
            caches.States.Snapshot(),
            caches.Checks.Snapshot(),
            caches.Jobs.Snapshot(),
            leadership.CurrentLeader ?? "",
            time.GetUtcNow(),
            namespaces);
        // Every namespace's checks are affected, so the refusal shows whatever the filter.
        return schema.Problem is { } refused ? view.WithControllerProblem(refused.Message) : view;
    }
}
