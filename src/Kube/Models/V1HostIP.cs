namespace HealthChecks.Kube.Models;

public sealed class V1HostIP : KubeModel
{
    public string? Ip { get; set; }
}
