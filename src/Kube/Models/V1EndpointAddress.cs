namespace HealthChecks.Kube.Models;

public sealed class V1EndpointAddress : KubeModel
{
    public string? Ip { get; set; }

    public string? Hostname { get; set; }

    public string? NodeName { get; set; }

    public V1ObjectReference? TargetRef { get; set; }
}
