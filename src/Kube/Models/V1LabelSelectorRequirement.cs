using System.Text.Json.Serialization;

namespace HealthChecks.Kube.Models;

public sealed class V1LabelSelectorRequirement : KubeModel
{
    public string? Key { get; set; }

    /// <summary><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
    [JsonPropertyName("operator")]
    public string? OperatorProperty { get; set; }

    public List<string>? Values { get; set; }
}
