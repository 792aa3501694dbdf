namespace HealthChecks.Kube.Models;

public sealed class V1TCPSocketAction : KubeModel
{
    public IntOrString? Port { get; set; }

    public string? Host { get; set; }
}
