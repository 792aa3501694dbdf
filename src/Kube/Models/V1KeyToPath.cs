namespace HealthChecks.Kube.Models;

public sealed class V1KeyToPath : KubeModel
{
    public string? Key { get; set; }

    public string? Path { get; set; }

    public int? Mode { get; set; }
}
