namespace HealthChecks.Kube.Models;

public sealed class V1LocalObjectReference : KubeModel
{
    public string? Name { get; set; }
}
