namespace HealthChecks.Kube.Models;

public sealed class V1Taint : KubeModel
{
    public string? Key { get; set; }

    public string? Value { get; set; }

    /// <summary><c>NoSchedule</c>, <c>PreferNoSchedule</c> or <c>NoExecute</c>.</summary>
    public string? Effect { get; set; }

    public DateTimeOffset? TimeAdded { get; set; }
}
