namespace HealthChecks.Kube.Models;

public sealed class V1ListMeta : KubeModel
{
    public string? ResourceVersion { get; set; }

    public string? Continue { get; set; }

    public long? RemainingItemCount { get; set; }
}
