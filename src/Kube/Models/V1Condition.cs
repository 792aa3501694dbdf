namespace HealthChecks.Kube.Models;

/// <summary>The standard <c>metav1.Condition</c> (Service status and most newer APIs).</summary>
public sealed class V1Condition : KubeModel
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public long? ObservedGeneration { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
