using System.Text.Json;
using System.Text.Json.Serialization;
using HealthChecks.Kube.Models;

namespace HealthChecks.Controller.Resources;

/// <summary><c>spec</c> of a <c>KuberhealthyJob</c>: a check that runs once. The controller owns <see cref="Phase"/>.</summary>
public sealed class KhJobSpec : KubeModel
{
    public string? Phase { get; set; }

    public string? Timeout { get; set; }

    private readonly LenientPodSpec _podSpec = new();

    /// <summary>The podSpec as written (see <see cref="LenientPodSpec"/>).</summary>
    [JsonPropertyName("podSpec")]
    public JsonElement? PodSpecJson
    {
        get => _podSpec.Json;
        set => _podSpec.Json = value;
    }

    [JsonIgnore]
    public V1PodSpec? PodSpec
    {
        get => _podSpec.Value;
        set => _podSpec.Value = value;
    }

    /// <summary>Why <see cref="PodSpec"/> could not be read; null when it could.</summary>
    [JsonIgnore]
    public string? PodSpecProblem => _podSpec.Problem;

    public Dictionary<string, string>? ExtraAnnotations { get; set; }

    public Dictionary<string, string>? ExtraLabels { get; set; }
}
