namespace HealthChecks.Kube.Models;

/// <summary>A replica set (apps/v1).</summary>
public sealed class V1ReplicaSet : KubeObject
{
    public V1ReplicaSetSpec? Spec { get; set; }

    public V1ReplicaSetStatus? Status { get; set; }
}
