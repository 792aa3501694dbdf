namespace HealthChecks.Kube.Models;

public sealed class V1PodIP : KubeModel
{
    public string? Ip { get; set; }
}
