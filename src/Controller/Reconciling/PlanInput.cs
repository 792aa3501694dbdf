using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s.Models;

namespace HealthChecks.Controller.Reconciling;

/// <summary>Everything <see cref="RunPlanner"/> decides from, as the caches and this leader's memory have it.</summary>
public sealed record PlanInput
{
    /// <summary>The khcheck or khjob, validated; null when it is gone.</summary>
    public CheckDefinition? Definition { get; init; }

    /// <summary>A khjob's phase (null for a khcheck).</summary>
    public string? JobPhase { get; init; }

    public DateTimeOffset? JobCreated { get; init; }

    public KhStateSpec? State { get; init; }

    /// <summary>The pod of the run in flight, by its name, if cached.</summary>
    public V1Pod? Pod { get; init; }

    /// <summary>This leader's memory of the run in flight (null when it has none).</summary>
    public RunMemo? Memo { get; init; }

    public required DateTimeOffset Now { get; init; }
}
