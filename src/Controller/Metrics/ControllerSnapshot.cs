namespace HealthChecks.Controller.Metrics;

/// <summary>The controller's own health at scrape time: leadership, the scheduler's last tick, the reaper's deletions.</summary>
public sealed record ControllerSnapshot
{
    public bool IsLeader { get; init; }

    /// <summary>When the scheduler last fired a trigger; null on a replica that has not led.</summary>
    public DateTimeOffset? SchedulerLastTick { get; init; }

    /// <summary>Checker pods deleted by the reaper since start, by reason.</summary>
    public IReadOnlyDictionary<string, long> ReaperDeletedPods { get; init; } = new Dictionary<string, long>();

    /// <summary>Passes of the leader's work that failed (and were retried after a backoff), since start.</summary>
    public long WorkFailures { get; init; }

    /// <summary>Items waiting in the leader's work queue now (0 on a follower).</summary>
    public int WorkQueueDepth { get; init; }

    /// <summary>Runs in flight that the leader follows now.</summary>
    public int RunsInFlight { get; init; }

    /// <summary>Events written, failed and dropped (queue full) since start.</summary>
    public long EventsWritten { get; init; }

    public long EventsFailed { get; init; }

    public long EventsDropped { get; init; }
}
