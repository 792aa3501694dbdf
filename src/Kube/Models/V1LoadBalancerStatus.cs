namespace HealthChecks.Kube.Models;

public sealed class V1LoadBalancerStatus : KubeModel
{
    public List<V1LoadBalancerIngress>? Ingress { get; set; }
}
