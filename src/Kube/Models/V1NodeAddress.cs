namespace HealthChecks.Kube.Models;

public sealed class V1NodeAddress : KubeModel
{
    /// <summary><c>InternalIP</c>, <c>ExternalIP</c>, <c>Hostname</c>, ...</summary>
    public string? Type { get; set; }

    public string? Address { get; set; }
}
