namespace HealthChecks.Kube.Models;

/// <summary>A lease (coordination.k8s.io/v1): the lock behind leader election.</summary>
public sealed class V1Lease : KubeObject
{
    public V1LeaseSpec? Spec { get; set; }
}
