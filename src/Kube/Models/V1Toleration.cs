using System.Text.Json.Serialization;

namespace HealthChecks.Kube.Models;

public sealed class V1Toleration : KubeModel
{
    public string? Key { get; set; }

    /// <summary><c>Exists</c> or <c>Equal</c> (the default).</summary>
    [JsonPropertyName("operator")]
    public string? OperatorProperty { get; set; }

    public string? Value { get; set; }

    public string? Effect { get; set; }

    public long? TolerationSeconds { get; set; }
}
