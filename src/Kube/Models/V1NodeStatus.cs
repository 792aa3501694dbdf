namespace HealthChecks.Kube.Models;

public sealed class V1NodeStatus : KubeModel
{
    public Dictionary<string, string>? Capacity { get; set; }

    public Dictionary<string, string>? Allocatable { get; set; }

    public string? Phase { get; set; }

    public List<V1NodeCondition>? Conditions { get; set; }

    public List<V1NodeAddress>? Addresses { get; set; }

    public V1NodeDaemonEndpoints? DaemonEndpoints { get; set; }

    public V1NodeSystemInfo? NodeInfo { get; set; }
}
