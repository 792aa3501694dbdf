namespace HealthChecks.Kube.Models;

/// <summary>A top-level API object: it has a kind, an apiVersion and metadata.</summary>
public interface IKubernetesObject
{
    string? ApiVersion { get; set; }

    string? Kind { get; set; }

    V1ObjectMeta Metadata { get; set; }
}
