namespace HealthChecks.Kube.Models;

public sealed class V1EnvFromSource : KubeModel
{
    public string? Prefix { get; set; }

    public V1ConfigMapEnvSource? ConfigMapRef { get; set; }

    public V1SecretEnvSource? SecretRef { get; set; }
}
