namespace HealthChecks.Kube.Models;

/// <summary>The body of a DELETE: grace period, propagation policy and preconditions.</summary>
public sealed class V1DeleteOptions : KubeModel
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public long? GracePeriodSeconds { get; set; }

    /// <summary><c>Foreground</c>, <c>Background</c> or <c>Orphan</c>.</summary>
    public string? PropagationPolicy { get; set; }

    public V1Preconditions? Preconditions { get; set; }

    public List<string>? DryRun { get; set; }
}
