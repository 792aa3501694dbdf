namespace HealthChecks.Kube.Models;

public sealed class V1DeploymentStatus : KubeModel
{
    public long? ObservedGeneration { get; set; }

    public int? Replicas { get; set; }

    public int? UpdatedReplicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? AvailableReplicas { get; set; }

    public int? UnavailableReplicas { get; set; }

    public int? TerminatingReplicas { get; set; }

    public List<V1DeploymentCondition>? Conditions { get; set; }

    public int? CollisionCount { get; set; }
}
