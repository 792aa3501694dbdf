namespace HealthChecks.Kube.Watching;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Carries only a newer resourceVersion to resume from (KEP-956).</summary>
    Bookmark,
}
