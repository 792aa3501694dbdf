namespace HealthChecks.Kube.Models;

/// <summary>A namespace (core/v1).</summary>
public sealed class V1Namespace : KubeObject
{
    public V1NamespaceSpec? Spec { get; set; }

    public V1NamespaceStatus? Status { get; set; }
}
