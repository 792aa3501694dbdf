namespace HealthChecks.Kube.Models;

public sealed class V1RollingUpdateDaemonSet : KubeModel
{
    public IntOrString? MaxUnavailable { get; set; }

    public IntOrString? MaxSurge { get; set; }
}
