using HealthChecks.Kube.Models;

namespace HealthChecks.Controller.Resources;

/// <summary><c>spec</c> of a <c>KuberhealthyJob</c>: a check that runs once. The controller owns <see cref="Phase"/>.</summary>
public sealed class KhJobSpec : KubeModel
{
    public string? Phase { get; set; }

    public string? Timeout { get; set; }

    public V1PodSpec? PodSpec { get; set; }

    public Dictionary<string, string>? ExtraAnnotations { get; set; }

    public Dictionary<string, string>? ExtraLabels { get; set; }
}
