namespace HealthChecks.Kube.Leadership;

/// <summary>What a Lease says about leadership (its spec), independent of the API object.</summary>
public sealed record LeaderElectionRecord(
    string? HolderIdentity,
    int LeaseDurationSeconds,
    DateTimeOffset? AcquireTime,
    DateTimeOffset? RenewTime,
    int LeaseTransitions);
