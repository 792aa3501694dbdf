using HealthChecks.Kube.Models;

namespace HealthChecks.Controller.Resources;

/// <summary>
/// <c>spec</c> of a <c>KuberhealthyCheck</c>: the upstream v2 fields plus our optional
/// <c>failureThreshold</c> and <c>paused</c>. Durations stay strings here; <see cref="Runs.CheckDefinition"/>
/// validates them, so a bad value becomes a visible error instead of a default.
/// </summary>
public sealed class KhCheckSpec : KubeModel
{
    public string? RunInterval { get; set; }

    public string? Timeout { get; set; }

    public V1PodSpec? PodSpec { get; set; }

    public Dictionary<string, string>? ExtraAnnotations { get; set; }

    public Dictionary<string, string>? ExtraLabels { get; set; }

    public int? FailureThreshold { get; set; }

    public bool? Paused { get; set; }
}
