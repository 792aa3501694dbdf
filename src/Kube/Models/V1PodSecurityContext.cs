namespace HealthChecks.Kube.Models;

public sealed class V1PodSecurityContext : KubeModel
{
    public long? RunAsUser { get; set; }

    public long? RunAsGroup { get; set; }

    public bool? RunAsNonRoot { get; set; }

    public long? FsGroup { get; set; }

    public List<long>? SupplementalGroups { get; set; }

    public string? FsGroupChangePolicy { get; set; }

    public V1SeccompProfile? SeccompProfile { get; set; }
}
