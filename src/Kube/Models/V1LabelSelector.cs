namespace HealthChecks.Kube.Models;

public sealed class V1LabelSelector : KubeModel
{
    public Dictionary<string, string>? MatchLabels { get; set; }

    public List<V1LabelSelectorRequirement>? MatchExpressions { get; set; }
}
