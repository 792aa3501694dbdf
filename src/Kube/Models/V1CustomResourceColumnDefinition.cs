namespace HealthChecks.Kube.Models;

public sealed class V1CustomResourceColumnDefinition : KubeModel
{
    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? Format { get; set; }

    public string? Description { get; set; }

    public int? Priority { get; set; }

    public string? JsonPath { get; set; }
}
