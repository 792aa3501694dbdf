using System.Text.Json.Serialization;

namespace HealthChecks.Kube.Models;

public sealed class V1DaemonEndpoint : KubeModel
{
    /// <summary>The API spells this field <c>Port</c>, capitalised.</summary>
    [JsonPropertyName("Port")]
    public int? Port { get; set; }
}
