namespace HealthChecks.Kube.Models;

public sealed class V1ServiceStatus : KubeModel
{
    public V1LoadBalancerStatus? LoadBalancer { get; set; }

    public List<V1Condition>? Conditions { get; set; }
}
