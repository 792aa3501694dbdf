namespace HealthChecks.Kube.Models;

/// <summary>One page of a list response (<c>PodList</c>, <c>LeaseList</c>, ...).</summary>
public sealed class KubeList<T> : KubeModel
    where T : IKubernetesObject
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public V1ListMeta Metadata { get; set; } = new();

    public List<T> Items { get; set; } = [];
}
