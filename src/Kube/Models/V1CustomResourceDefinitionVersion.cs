namespace HealthChecks.Kube.Models;

public sealed class V1CustomResourceDefinitionVersion : KubeModel
{
    public string? Name { get; set; }

    public bool? Served { get; set; }

    public bool? Storage { get; set; }

    public bool? Deprecated { get; set; }

    public string? DeprecationWarning { get; set; }

    public V1CustomResourceValidation? Schema { get; set; }

    public V1CustomResourceSubresources? Subresources { get; set; }

    public List<V1CustomResourceColumnDefinition>? AdditionalPrinterColumns { get; set; }
}
