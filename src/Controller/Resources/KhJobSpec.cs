using System.Text.Json.Serialization;

namespace HealthChecks.Controller.Resources;

/// <summary><c>spec</c> of a <c>KuberhealthyJob</c>: a check that runs once. The controller owns <see cref="Phase"/>.</summary>
public sealed class KhJobSpec : CheckWorkloadSpec
{
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }
}
