namespace HealthChecks.Kube.Models;

public sealed class V1NodeDaemonEndpoints : KubeModel
{
    public V1DaemonEndpoint? KubeletEndpoint { get; set; }
}
