namespace HealthChecks.Kube.Models;

public sealed class V1ReplicaSetSpec : KubeModel
{
    public int? Replicas { get; set; }

    public int? MinReadySeconds { get; set; }

    public V1LabelSelector? Selector { get; set; }

    public V1PodTemplateSpec? Template { get; set; }
}
