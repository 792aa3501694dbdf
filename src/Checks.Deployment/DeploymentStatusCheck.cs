using k8s.Models;

namespace HealthChecks.Checks.Deployment;

/// <summary>Upstream's two readiness decisions on a Deployment's status, for the generation we last wrote.</summary>
internal static class DeploymentStatusCheck
{
    /// <summary>Created and serving: Available=True and N replicas, N available, N ready.</summary>
    public static bool IsAvailable(V1Deployment? deployment, int replicas) =>
        Observed(deployment) is { } status
        && status.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true
        && status.Replicas == replicas && status.AvailableReplicas == replicas && status.ReadyReplicas == replicas;

    /// <summary>Rolled: every replica updated, available and ready, none unavailable (old pods gone).</summary>
    public static bool IsRolledOut(V1Deployment? deployment, int replicas) =>
        Observed(deployment) is { } status
        && status.Replicas == replicas && status.UpdatedReplicas == replicas && status.AvailableReplicas == replicas
        && status.ReadyReplicas == replicas && (status.UnavailableReplicas ?? 0) == 0;

    public static string Describe(V1Deployment? deployment) =>
        deployment?.Status is { } s
            ? $"{s.ReadyReplicas ?? 0} ready, {s.AvailableReplicas ?? 0} available, {s.UpdatedReplicas ?? 0} updated of {deployment.Spec?.Replicas} replicas"
            : "no status yet";

    // The status counts only once the controller has seen our latest spec (upstream compared observedGeneration with 1, then > 1).
    private static V1DeploymentStatus? Observed(V1Deployment? deployment) =>
        deployment?.Status is { } status && status.ObservedGeneration >= (deployment.Metadata?.Generation ?? 1) ? status : null;
}
