namespace HealthChecks.Kube.Models;

public sealed class V1DaemonSetUpdateStrategy : KubeModel
{
    /// <summary><c>RollingUpdate</c> (the default) or <c>OnDelete</c>.</summary>
    public string? Type { get; set; }

    public V1RollingUpdateDaemonSet? RollingUpdate { get; set; }
}
