namespace HealthChecks.Kube.Models;

public sealed class V1LoadBalancerIngress : KubeModel
{
    public string? Ip { get; set; }

    public string? Hostname { get; set; }
}
