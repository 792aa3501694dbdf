namespace HealthChecks.Kube.Models;

public sealed class V1SecretKeySelector : KubeModel
{
    public string? Name { get; set; }

    public string? Key { get; set; }

    public bool? Optional { get; set; }
}
