namespace HealthChecks.Kube.Models;

public sealed class V1DaemonSetStatus : KubeModel
{
    public long? ObservedGeneration { get; set; }

    public int? CurrentNumberScheduled { get; set; }

    public int? NumberMisscheduled { get; set; }

    public int? DesiredNumberScheduled { get; set; }

    public int? NumberReady { get; set; }

    public int? UpdatedNumberScheduled { get; set; }

    public int? NumberAvailable { get; set; }

    public int? NumberUnavailable { get; set; }

    public int? CollisionCount { get; set; }

    public List<V1DaemonSetCondition>? Conditions { get; set; }
}
