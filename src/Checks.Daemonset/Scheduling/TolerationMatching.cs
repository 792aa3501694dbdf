using k8s.Models;

namespace HealthChecks.Checks.Daemonset.Scheduling;

/// <summary>Kubernetes' toleration-matches-taint rule (k8s.io/api/core/v1 <c>Toleration.ToleratesTaint</c>).</summary>
internal static class TolerationMatching
{
    /// <summary>The tolerations the DaemonSet controller adds to every daemon pod (pkg/controller/daemon/util).</summary>
    public static readonly IReadOnlyList<V1Toleration> DaemonSetDefaults =
    [
        new() { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute" },
        new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute" },
        new() { Key = "node.kubernetes.io/disk-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/memory-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/pid-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" },
    ];

    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            null or "" or "Equal" => !string.IsNullOrEmpty(toleration.Key) && (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

    public static bool AnyTolerates(IEnumerable<V1Toleration> tolerations, V1Taint taint) => tolerations.Any(t => Tolerates(t, taint));
}
