namespace HealthChecks.Kube.Models;

/// <summary>A deployment (apps/v1).</summary>
public sealed class V1Deployment : KubeObject
{
    public V1DeploymentSpec? Spec { get; set; }

    public V1DeploymentStatus? Status { get; set; }
}
