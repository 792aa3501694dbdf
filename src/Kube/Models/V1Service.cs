namespace HealthChecks.Kube.Models;

/// <summary>A service (core/v1).</summary>
public sealed class V1Service : KubeObject
{
    public V1ServiceSpec? Spec { get; set; }

    public V1ServiceStatus? Status { get; set; }
}
