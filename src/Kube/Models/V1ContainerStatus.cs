namespace HealthChecks.Kube.Models;

public sealed class V1ContainerStatus : KubeModel
{
    public string? Name { get; set; }

    public V1ContainerState? State { get; set; }

    public V1ContainerState? LastState { get; set; }

    public bool? Ready { get; set; }

    public int? RestartCount { get; set; }

    public string? Image { get; set; }

    public string? ImageID { get; set; }

    public string? ContainerID { get; set; }

    public bool? Started { get; set; }
}
