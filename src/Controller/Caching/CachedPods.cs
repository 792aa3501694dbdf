using k8s.Models;

namespace HealthChecks.Controller.Caching;

/// <summary>
/// What the pod cache keeps of a checker pod: its metadata and status whole, of its spec only the
/// node. The controller never reads the rest (runs are found by label, results and failures by
/// phase and container statuses, reports matched by node and IP) and never writes a cached pod
/// back, while the reaper keeps finished pods around (<c>maxCompletedPodCount</c> per check): at
/// 1,000 checks about 4,000 pods, each carrying the checker's whole spec (env, volumes, the
/// injected reporting variables).
/// </summary>
internal static class CachedPods
{
    public static void Trim(V1Pod pod)
    {
        if (pod.Spec is { } spec)
        {
            pod.Spec = new V1PodSpec { NodeName = spec.NodeName, Containers = [] };
        }
    }
}
