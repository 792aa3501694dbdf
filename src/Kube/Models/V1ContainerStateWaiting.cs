namespace HealthChecks.Kube.Models;

public sealed class V1ContainerStateWaiting : KubeModel
{
    public string? Reason { get; set; }

    public string? Message { get; set; }
}
