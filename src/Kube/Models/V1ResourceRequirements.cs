namespace HealthChecks.Kube.Models;

public sealed class V1ResourceRequirements : KubeModel
{
    /// <summary>Quantities as written: <c>cpu: 100m</c>, <c>memory: 64Mi</c>.</summary>
    public Dictionary<string, string>? Limits { get; set; }

    public Dictionary<string, string>? Requests { get; set; }
}
