namespace HealthChecks.Controller.Reaping;

/// <summary>One object the reaper deletes, and why (a bounded reason, used as a metric label).</summary>
public sealed record ReapDecision(string Kind, string Namespace, string Name, string Reason)
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string PastDeadline = "past-deadline";
    public const string JobExpired = "job-expired";
    public const string Orphaned = "orphaned";

    /// <summary>The reasons a checker pod is deleted for, in the order the metrics list them.</summary>
    public static IReadOnlyList<string> PodReasons { get; } = [Completed, Failed, Expired, PastDeadline];
}
