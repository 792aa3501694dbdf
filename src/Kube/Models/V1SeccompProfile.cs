namespace HealthChecks.Kube.Models;

public sealed class V1SeccompProfile : KubeModel
{
    /// <summary><c>RuntimeDefault</c>, <c>Localhost</c> or <c>Unconfined</c>.</summary>
    public string? Type { get; set; }

    public string? LocalhostProfile { get; set; }
}
