namespace HealthChecks.Kube.Models;

public sealed class V1ServicePort : KubeModel
{
    public string? Name { get; set; }

    public string? Protocol { get; set; }

    public string? AppProtocol { get; set; }

    public int? Port { get; set; }

    public IntOrString? TargetPort { get; set; }

    public int? NodePort { get; set; }
}
