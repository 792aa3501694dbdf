using System.Text.Json.Serialization;

namespace HealthChecks.Kube.Models;

public sealed class V1ObjectReference : KubeModel
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    [JsonPropertyName("namespace")]
    public string? NamespaceProperty { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public string? FieldPath { get; set; }
}
