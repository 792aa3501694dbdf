using System.Text.Json.Serialization;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube.Models;

public sealed class V1ResourceRequirements : KubeModel
{
    /// <summary>Quantities as written: <c>cpu: 100m</c>, <c>memory: 64Mi</c>, <c>cpu: 1</c>.</summary>
    [JsonConverter(typeof(QuantityMapConverter))]
    public Dictionary<string, string>? Limits { get; set; }

    [JsonConverter(typeof(QuantityMapConverter))]
    public Dictionary<string, string>? Requests { get; set; }
}
