namespace HealthChecks.Kube.Models;

public sealed class V1DeploymentStrategy : KubeModel
{
    /// <summary><c>RollingUpdate</c> (the default) or <c>Recreate</c>.</summary>
    public string? Type { get; set; }

    public V1RollingUpdateDeployment? RollingUpdate { get; set; }
}
