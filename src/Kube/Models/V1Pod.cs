namespace HealthChecks.Kube.Models;

/// <summary>A pod (core/v1): what the controller creates for each check run and the node simulator runs.</summary>
public sealed class V1Pod : KubeObject
{
    public V1PodSpec? Spec { get; set; }

    public V1PodStatus? Status { get; set; }
}
