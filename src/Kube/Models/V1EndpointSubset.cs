namespace HealthChecks.Kube.Models;

public sealed class V1EndpointSubset : KubeModel
{
    public List<V1EndpointAddress>? Addresses { get; set; }

    public List<V1EndpointAddress>? NotReadyAddresses { get; set; }

    public List<Corev1EndpointPort>? Ports { get; set; }
}
