using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Reconciling;

/// <summary>One unit of the leader's work queue: a check, a job, or one of the loop's own periodic chores.</summary>
public readonly record struct WorkItem(WorkItemKind Kind, CheckKey Key)
{
    public static WorkItem Reap { get; } = new(WorkItemKind.Reap, default);

    public static WorkItem Tick { get; } = new(WorkItemKind.Tick, default);

    public static WorkItem Check(CheckKey key) => new(WorkItemKind.Check, key);

    public static WorkItem Job(CheckKey key) => new(WorkItemKind.Job, key);

    public override string ToString() => Kind is WorkItemKind.Check or WorkItemKind.Job ? $"{Kind.ToString().ToLowerInvariant()} {Key}" : Kind.ToString().ToLowerInvariant();
}
