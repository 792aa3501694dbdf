namespace HealthChecks.Kube.Models;

public sealed class V1ObjectFieldSelector : KubeModel
{
    public string? ApiVersion { get; set; }

    /// <summary>e.g. <c>metadata.name</c>, <c>status.podIP</c>, <c>spec.nodeName</c>.</summary>
    public string? FieldPath { get; set; }
}
