namespace HealthChecks.Kube.Models;

/// <summary>A port of an <see cref="V1EndpointSubset"/> (core/v1 <c>EndpointPort</c>).</summary>
public sealed class Corev1EndpointPort : KubeModel
{
    public string? Name { get; set; }

    public int? Port { get; set; }

    public string? Protocol { get; set; }

    public string? AppProtocol { get; set; }
}
