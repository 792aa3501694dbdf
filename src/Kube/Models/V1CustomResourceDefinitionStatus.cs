namespace HealthChecks.Kube.Models;

public sealed class V1CustomResourceDefinitionStatus : KubeModel
{
    public List<V1CustomResourceDefinitionCondition>? Conditions { get; set; }

    public V1CustomResourceDefinitionNames? AcceptedNames { get; set; }

    public List<string>? StoredVersions { get; set; }
}
