using System.Text.Json.Serialization;

namespace HealthChecks.Kube.Models;

public sealed class V1ObjectMeta : KubeModel
{
    public string? Name { get; set; }

    public string? GenerateName { get; set; }

    // "Namespace" is a C# keyword-ish name the official client also avoids.
    [JsonPropertyName("namespace")]
    public string? NamespaceProperty { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public long? Generation { get; set; }

    public DateTimeOffset? CreationTimestamp { get; set; }

    public DateTimeOffset? DeletionTimestamp { get; set; }

    public long? DeletionGracePeriodSeconds { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public List<V1OwnerReference>? OwnerReferences { get; set; }

    public List<string>? Finalizers { get; set; }
}
