namespace HealthChecks.Kube.Models;

public sealed class V1GRPCAction : KubeModel
{
    public int? Port { get; set; }

    public string? Service { get; set; }
}
