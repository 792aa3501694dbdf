using HealthChecks.Checks.Common;
using k8s.Models;

namespace HealthChecks.Checks.Daemonset.Scheduling;

/// <summary>
/// Which eligible nodes lack a ready daemon pod. A node "has a pod" when a pod of the DaemonSet is
/// bound to it (<c>spec.nodeName</c>) and Ready. Upstream compared the pod's hostIP with the node's
/// InternalIP, which breaks on nodes with several addresses, dual-stack or a simulator's shared
/// loopback address; the binding is what the DaemonSet controller itself uses.
/// </summary>
internal static class PodCoverage
{
    public static List<string> NodesMissingPod(IEnumerable<V1Node> nodes, IEnumerable<V1Pod> pods, IReadOnlyDictionary<string, string> nodeSelector, IReadOnlyList<V1Toleration> tolerations)
    {
        var served = pods.Where(PodReadiness.IsReady).Select(p => p.Spec?.NodeName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return nodes
            .Where(n => NodeEligibility.NeedsPod(n, nodeSelector, tolerations))
            .Select(n => n.Metadata.Name!)
            .Where(name => !served.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Nodes that still hold a pod of the DaemonSet (any state), for the removal failure.</summary>
    public static List<string> NodesStillHoldingPod(IEnumerable<V1Pod> pods) =>
        pods.Select(p => p.Spec?.NodeName ?? $"(unscheduled pod {p.Metadata.Name})").Distinct().Order(StringComparer.Ordinal).ToList();
}
