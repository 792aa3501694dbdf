namespace HealthChecks.Kube.Models;

public sealed class V1RollingUpdateDeployment : KubeModel
{
    public IntOrString? MaxUnavailable { get; set; }

    public IntOrString? MaxSurge { get; set; }
}
