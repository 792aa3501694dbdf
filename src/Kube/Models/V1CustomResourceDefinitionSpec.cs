namespace HealthChecks.Kube.Models;

public sealed class V1CustomResourceDefinitionSpec : KubeModel
{
    public string? Group { get; set; }

    public V1CustomResourceDefinitionNames? Names { get; set; }

    /// <summary><c>Namespaced</c> or <c>Cluster</c>.</summary>
    public string? Scope { get; set; }

    public List<V1CustomResourceDefinitionVersion>? Versions { get; set; }

    public bool? PreserveUnknownFields { get; set; }
}
