namespace HealthChecks.Kube.Models;

/// <summary>Exactly one of the three is set.</summary>
public sealed class V1ContainerState : KubeModel
{
    public V1ContainerStateWaiting? Waiting { get; set; }

    public V1ContainerStateRunning? Running { get; set; }

    public V1ContainerStateTerminated? Terminated { get; set; }
}
