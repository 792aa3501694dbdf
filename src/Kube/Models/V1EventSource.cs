namespace HealthChecks.Kube.Models;

public sealed class V1EventSource : KubeModel
{
    public string? Component { get; set; }

    public string? Host { get; set; }
}
