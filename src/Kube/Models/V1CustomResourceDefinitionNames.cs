namespace HealthChecks.Kube.Models;

public sealed class V1CustomResourceDefinitionNames : KubeModel
{
    public string? Plural { get; set; }

    public string? Singular { get; set; }

    public List<string>? ShortNames { get; set; }

    public string? Kind { get; set; }

    public string? ListKind { get; set; }

    public List<string>? Categories { get; set; }
}
