namespace HealthChecks.Kube.Models;

/// <summary>A custom resource definition (apiextensions.k8s.io/v1).</summary>
public sealed class V1CustomResourceDefinition : KubeObject
{
    public V1CustomResourceDefinitionSpec? Spec { get; set; }

    public V1CustomResourceDefinitionStatus? Status { get; set; }
}
