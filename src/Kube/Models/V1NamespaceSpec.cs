namespace HealthChecks.Kube.Models;

public sealed class V1NamespaceSpec : KubeModel
{
    public List<string>? Finalizers { get; set; }
}
