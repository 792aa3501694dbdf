namespace HealthChecks.Kube.Models;

public sealed class V1ServiceSpec : KubeModel
{
    public List<V1ServicePort>? Ports { get; set; }

    public Dictionary<string, string>? Selector { get; set; }

    public string? ClusterIP { get; set; }

    public List<string>? ClusterIPs { get; set; }

    /// <summary><c>ClusterIP</c> (the default), <c>NodePort</c>, <c>LoadBalancer</c> or <c>ExternalName</c>.</summary>
    public string? Type { get; set; }

    public List<string>? ExternalIPs { get; set; }

    public string? SessionAffinity { get; set; }

    public string? LoadBalancerIP { get; set; }

    public string? ExternalName { get; set; }

    public string? ExternalTrafficPolicy { get; set; }

    public string? InternalTrafficPolicy { get; set; }

    public List<string>? IpFamilies { get; set; }

    public string? IpFamilyPolicy { get; set; }

    public bool? PublishNotReadyAddresses { get; set; }
}
