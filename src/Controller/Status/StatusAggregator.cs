using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Status;

/// <summary>
/// Builds the v2 status document from cached khstates (no API call per request). As upstream, a
/// khstate that has never stored a result is left out, every error of a shown check counts
/// against the cluster, and a namespace filter recomputes OK and Errors over its subset.
/// </summary>
public static class StatusAggregator
{
    public static StatusDocument Build(
        IEnumerable<KuberhealthyState> states,
        Func<CheckKey, bool> isJob,
        string currentMaster,
        IReadOnlySet<string>? namespaces)
    {
        var document = new StatusDocument { CurrentMaster = currentMaster };
        foreach (var state in states.OrderBy(s => ControllerCaches.KeyOf(s).ToString(), StringComparer.Ordinal))
        {
            var key = ControllerCaches.KeyOf(state);
            if (string.IsNullOrEmpty(state.Spec.AuthoritativePod) || (namespaces is not null && !namespaces.Contains(state.Spec.Namespace)))
            {
                continue;
            }

            var errors = state.Spec.Errors.Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
            document.Errors.AddRange(errors);
            var details = isJob(key) || state.Spec.Workload == nameof(WorkloadKind.KHJob) ? document.JobDetails : document.CheckDetails;
            details[key.ToString()] = state.Spec;
        }

        document.OK = document.Errors.Count == 0;
        return document;
    }
}
