namespace HealthChecks.Kube.Models;

public sealed class V1StatusCause : KubeModel
{
    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? Field { get; set; }
}
