namespace HealthChecks.Kube.Models;

/// <summary>Common shape of top-level objects: apiVersion, kind, metadata, plus unknown fields.</summary>
public abstract class KubeObject : KubeModel, IKubernetesObject
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public V1ObjectMeta Metadata { get; set; } = new();
}
