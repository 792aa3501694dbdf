using k8s.Models;

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
            && status.ObservedGeneration >= (daemonSet!.Metadata?.Generation ?? 1)
            && status.DesiredNumberScheduled == status.NumberReady
            && status.DesiredNumberScheduled == (status.UpdatedNumberScheduled ?? 0);
    }

    public static string Describe(V1DaemonSet? daemonSet) =>
        daemonSet?.Status is { } s ? $"{s.NumberReady} of {s.DesiredNumberScheduled} daemonset pods ready" : "the daemonset has no status yet";
}
