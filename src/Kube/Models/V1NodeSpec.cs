namespace HealthChecks.Kube.Models;

public sealed class V1NodeSpec : KubeModel
{
    public string? PodCIDR { get; set; }

    public List<string>? PodCIDRs { get; set; }

    public string? ProviderID { get; set; }

    public bool? Unschedulable { get; set; }

    public List<V1Taint>? Taints { get; set; }
}
