namespace HealthChecks.Kube.Models;

public sealed class V1ContainerStateRunning : KubeModel
{
    public DateTimeOffset? StartedAt { get; set; }
}
