namespace HealthChecks.Kube.Models;

public sealed class V1SecretEnvSource : KubeModel
{
    public string? Name { get; set; }

    public bool? Optional { get; set; }
}
