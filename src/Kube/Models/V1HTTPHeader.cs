namespace HealthChecks.Kube.Models;

public sealed class V1HTTPHeader : KubeModel
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}
