namespace HealthChecks.Kube.Models;

public sealed class V1ReplicaSetStatus : KubeModel
{
    public long? ObservedGeneration { get; set; }

    public int? Replicas { get; set; }

    public int? FullyLabeledReplicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? AvailableReplicas { get; set; }

    public int? TerminatingReplicas { get; set; }

    public List<V1ReplicaSetCondition>? Conditions { get; set; }
}
