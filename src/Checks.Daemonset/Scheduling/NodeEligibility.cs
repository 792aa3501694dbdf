using k8s.Models;

namespace HealthChecks.Checks.Daemonset.Scheduling;

/// <summary>
/// Whether a node should run a daemon pod: its labels match NODE_SELECTOR and every NoSchedule or
/// NoExecute taint is tolerated by the pod's tolerations or the DaemonSet controller's defaults.
/// (PreferNoSchedule never keeps a daemon pod away.)
/// </summary>
internal static class NodeEligibility
{
    public static bool NeedsPod(V1Node node, IReadOnlyDictionary<string, string> nodeSelector, IReadOnlyList<V1Toleration> tolerations)
    {
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        if (nodeSelector.Any(s => !labels.TryGetValue(s.Key, out var value) || value != s.Value))
        {
            return false;
        }

        return (node.Spec?.Taints ?? [])
            .Where(t => t.Effect is "NoSchedule" or "NoExecute")
            .All(t => TolerationMatching.AnyTolerates(tolerations, t) || TolerationMatching.AnyTolerates(TolerationMatching.DaemonSetDefaults, t));
    }
}
