namespace HealthChecks.Kube.Models;

public sealed class V1CustomResourceSubresourceScale : KubeModel
{
    public string? SpecReplicasPath { get; set; }

    public string? StatusReplicasPath { get; set; }

    public string? LabelSelectorPath { get; set; }
}
