namespace HealthChecks.Kube.Models;

public sealed class V1PodSpec : KubeModel
{
    public List<V1Container>? InitContainers { get; set; }

    public List<V1Container>? Containers { get; set; }

    public List<V1Volume>? Volumes { get; set; }

    public string? RestartPolicy { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }

    public long? ActiveDeadlineSeconds { get; set; }

    public string? DnsPolicy { get; set; }

    public Dictionary<string, string>? NodeSelector { get; set; }

    public string? ServiceAccountName { get; set; }

    public bool? AutomountServiceAccountToken { get; set; }

    public string? NodeName { get; set; }

    public bool? HostNetwork { get; set; }

    public V1PodSecurityContext? SecurityContext { get; set; }

    public List<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    public string? Hostname { get; set; }

    public string? Subdomain { get; set; }

    public string? SchedulerName { get; set; }

    public List<V1Toleration>? Tolerations { get; set; }

    public string? PriorityClassName { get; set; }

    public int? Priority { get; set; }

    public string? PreemptionPolicy { get; set; }

    public string? RuntimeClassName { get; set; }

    public bool? EnableServiceLinks { get; set; }
}
