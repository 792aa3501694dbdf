using k8s.Models;

namespace HealthChecks.Checks.Common;

/// <summary>When a pod counts as serving: Running, Ready=True, and not on its way out.</summary>
public static class PodReadiness
{
    public static bool IsReady(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Metadata?.DeletionTimestamp is null
            && pod.Status?.Phase == "Running"
            && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
    }
}
