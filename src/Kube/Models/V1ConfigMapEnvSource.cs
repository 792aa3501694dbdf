namespace HealthChecks.Kube.Models;

public sealed class V1ConfigMapEnvSource : KubeModel
{
    public string? Name { get; set; }

    public bool? Optional { get; set; }
}
