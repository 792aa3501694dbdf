namespace HealthChecks.Kube.Models;

public sealed class V1CustomResourceDefinitionCondition : KubeModel
{
    /// <summary><c>Established</c>, <c>NamesAccepted</c>, ...</summary>
    public string? Type { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
