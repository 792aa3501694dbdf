namespace HealthChecks.Kube.Models;

public sealed class V1ContainerPort : KubeModel
{
    public string? Name { get; set; }

    public int? ContainerPort { get; set; }

    public string? Protocol { get; set; }

    public int? HostPort { get; set; }

    public string? HostIP { get; set; }
}
