namespace HealthChecks.Kube.Models;

public sealed class V1NamespaceStatus : KubeModel
{
    /// <summary><c>Active</c> or <c>Terminating</c>.</summary>
    public string? Phase { get; set; }

    public List<V1NamespaceCondition>? Conditions { get; set; }
}
