namespace HealthChecks.Kube.Models;

public sealed class V1ConfigMapVolumeSource : KubeModel
{
    public string? Name { get; set; }

    public List<V1KeyToPath>? Items { get; set; }

    public int? DefaultMode { get; set; }

    public bool? Optional { get; set; }
}
