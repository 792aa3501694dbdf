namespace HealthChecks.Kube.Models;

public sealed class V1DaemonSetSpec : KubeModel
{
    public V1LabelSelector? Selector { get; set; }

    public V1PodTemplateSpec? Template { get; set; }

    public V1DaemonSetUpdateStrategy? UpdateStrategy { get; set; }

    public int? MinReadySeconds { get; set; }

    public int? RevisionHistoryLimit { get; set; }
}
