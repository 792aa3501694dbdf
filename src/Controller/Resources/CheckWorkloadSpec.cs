using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace HealthChecks.Controller.Resources;

/// <summary>What a khcheck and a khjob share: the checker pod, its timeout, extra labels and annotations.</summary>
public abstract class CheckWorkloadSpec : CustomResourceSpec
{
    private readonly LenientPodSpec _podSpec = new();

    [JsonPropertyName("timeout")]
    public string? Timeout { get; set; }

    /// <summary>The podSpec as written (see <see cref="LenientPodSpec"/>).</summary>
    [JsonPropertyName("podSpec")]
    public JsonElement? PodSpecJson
    {
        get => _podSpec.Json;
        set => _podSpec.Json = value;
    }

    /// <summary>The typed podSpec; of a cached object (<see cref="CompactPodSpec"/>), a new copy each time.</summary>
    [JsonIgnore]
    public V1PodSpec? PodSpec
    {
        get => _podSpec.Value;
        set => _podSpec.Value = value;
    }

    /// <summary>Why <see cref="PodSpec"/> cannot make a checker pod (unreadable, no container, a container without image); empty when it can.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> PodSpecProblems => _podSpec.Problems;

    /// <summary>For the caches: the podSpec kept as its JSON's bytes and its problems only (see <see cref="LenientPodSpec"/>).</summary>
    public void CompactPodSpec() => _podSpec.Compact();

    [JsonPropertyName("extraAnnotations")]
    public Dictionary<string, string>? ExtraAnnotations { get; set; }

    [JsonPropertyName("extraLabels")]
    public Dictionary<string, string>? ExtraLabels { get; set; }
}
