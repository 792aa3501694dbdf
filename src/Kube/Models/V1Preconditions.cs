namespace HealthChecks.Kube.Models;

public sealed class V1Preconditions : KubeModel
{
    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }
}
