namespace HealthChecks.Kube.Models;

public sealed class V1EnvVar : KubeModel
{
    public string? Name { get; set; }

    public string? Value { get; set; }

    public V1EnvVarSource? ValueFrom { get; set; }
}
