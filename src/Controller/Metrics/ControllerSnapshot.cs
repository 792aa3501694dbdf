namespace HealthChecks.Controller.Metrics;

/// <summary>The controller's own health at scrape time: leadership, the scheduler's last tick, the reaper's deletions.</summary>
public sealed record ControllerSnapshot
{
    public bool IsLeader { get; init; }

    /// <summary>When the scheduler last fired a trigger; null on a replica that has not led.</summary>
    public DateTimeOffset? SchedulerLastTick { get; init; }

    /// <summary>Checker pods deleted by the reaper since start, by reason.</summary>
    public IReadOnlyDictionary<string, long> ReaperDeletedPods { get; init; } = new Dictionary<string, long>();
}
