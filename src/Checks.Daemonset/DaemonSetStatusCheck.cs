using HealthChecks.Kube.Models;

namespace HealthChecks.Checks.Daemonset;

/// <summary>
/// The fallback readiness test when nodes cannot be listed (upstream's standalone YAML grants a
/// Role on pods and daemonsets only): the DaemonSet controller's own count of nodes that should run
/// a pod, against the ready ones, for the current generation.
/// </summary>
internal static class DaemonSetStatusCheck
{
    public static bool AllReady(V1DaemonSet? daemonSet)
    {
        var status = daemonSet?.Status;
        return status is not null
            && status.ObservedGeneration >= (daemonSet!.Metadata.Generation ?? 1)
            && (status.DesiredNumberScheduled ?? 0) == (status.NumberReady ?? 0)
            && (status.DesiredNumberScheduled ?? 0) == (status.UpdatedNumberScheduled ?? 0);
    }

    public static string Describe(V1DaemonSet? daemonSet) =>
        daemonSet?.Status is { } s ? $"{s.NumberReady ?? 0} of {s.DesiredNumberScheduled ?? 0} daemonset pods ready" : "the daemonset has no status yet";
}
