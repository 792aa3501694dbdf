namespace HealthChecks.Kube.Models;

/// <summary>The API's <c>Status</c> object: the body of every error response and of some deletes.</summary>
public sealed class V1Status : KubeModel
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Status { get; set; }

    public string? Message { get; set; }

    public string? Reason { get; set; }

    public int? Code { get; set; }

    public V1StatusDetails? Details { get; set; }
}
