using System.Text.Json.Serialization;

namespace HealthChecks.Controller.Resources;

/// <summary>
/// <c>spec</c> of a <c>KuberhealthyCheck</c>: the upstream v2 fields plus our optional
/// <c>failureThreshold</c> and <c>paused</c>. Durations stay strings here; <see cref="Runs.CheckDefinition"/>
/// validates them, so a bad value becomes a visible error instead of a default.
/// </summary>
public sealed class KhCheckSpec : CheckWorkloadSpec
{
    [JsonPropertyName("runInterval")]
    public string? RunInterval { get; set; }

    [JsonPropertyName("failureThreshold")]
    public int? FailureThreshold { get; set; }

    [JsonPropertyName("paused")]
    public bool? Paused { get; set; }
}
