namespace HealthChecks.Kube.Models;

/// <summary>A node (core/v1).</summary>
public sealed class V1Node : KubeObject
{
    public V1NodeSpec? Spec { get; set; }

    public V1NodeStatus? Status { get; set; }
}
