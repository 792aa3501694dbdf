namespace HealthChecks.Kube.Models;

public sealed class V1DeploymentSpec : KubeModel
{
    public int? Replicas { get; set; }

    public V1LabelSelector? Selector { get; set; }

    public V1PodTemplateSpec? Template { get; set; }

    public V1DeploymentStrategy? Strategy { get; set; }

    public int? MinReadySeconds { get; set; }

    public int? RevisionHistoryLimit { get; set; }

    public bool? Paused { get; set; }

    public int? ProgressDeadlineSeconds { get; set; }
}
