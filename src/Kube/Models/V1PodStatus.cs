namespace HealthChecks.Kube.Models;

public sealed class V1PodStatus : KubeModel
{
    /// <summary><c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Unknown</c>.</summary>
    public string? Phase { get; set; }

    public List<V1PodCondition>? Conditions { get; set; }

    public string? Message { get; set; }

    public string? Reason { get; set; }

    public string? NominatedNodeName { get; set; }

    public string? HostIP { get; set; }

    public List<V1HostIP>? HostIPs { get; set; }

    public string? PodIP { get; set; }

    public List<V1PodIP>? PodIPs { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public List<V1ContainerStatus>? InitContainerStatuses { get; set; }

    public List<V1ContainerStatus>? ContainerStatuses { get; set; }
}
