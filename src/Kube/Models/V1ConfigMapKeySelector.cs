namespace HealthChecks.Kube.Models;

public sealed class V1ConfigMapKeySelector : KubeModel
{
    public string? Name { get; set; }

    public string? Key { get; set; }

    public bool? Optional { get; set; }
}
