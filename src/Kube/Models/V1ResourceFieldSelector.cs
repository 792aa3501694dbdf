namespace HealthChecks.Kube.Models;

public sealed class V1ResourceFieldSelector : KubeModel
{
    public string? ContainerName { get; set; }

    public string? Resource { get; set; }

    /// <summary>A quantity, e.g. <c>1Mi</c>.</summary>
    public string? Divisor { get; set; }
}
