namespace HealthChecks.Kube.Models;

/// <summary>A daemon set (apps/v1).</summary>
public sealed class V1DaemonSet : KubeObject
{
    public V1DaemonSetSpec? Spec { get; set; }

    public V1DaemonSetStatus? Status { get; set; }
}
