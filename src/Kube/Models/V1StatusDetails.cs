namespace HealthChecks.Kube.Models;

public sealed class V1StatusDetails : KubeModel
{
    public string? Name { get; set; }

    public string? Group { get; set; }

    public string? Kind { get; set; }

    public string? Uid { get; set; }

    public int? RetryAfterSeconds { get; set; }

    public List<V1StatusCause>? Causes { get; set; }
}
