using HealthChecks.Controller.Resources;

namespace HealthChecks.Controller.Status;

/// <summary>
/// When a scheduled check counts as STALE. Its next run is due one interval after the last start
/// and must end within its timeout; a minute on top absorbs scheduler and watch delays. Past that,
/// nothing has run when it should have (a wedged scheduler, no leader, a lost trigger), and the
/// status page says so instead of showing an old result as current. Runs longer than their
/// interval never trip this: the next start then comes at most one timeout after the last.
/// </summary>
public static class Staleness
{
    public static readonly TimeSpan Slack = TimeSpan.FromMinutes(1);

    /// <summary>The start the rule measures from: the last run's, else the last result's, else the check's creation.</summary>
    public static DateTimeOffset? LastStart(KhStateSpec? state, DateTimeOffset? created) =>
        state?.RunStarted ?? state?.LastRun ?? created;

    public static bool IsStale(DateTimeOffset? lastStart, TimeSpan interval, TimeSpan timeout, DateTimeOffset now) =>
        lastStart is { } start && now - start > interval + timeout + Slack;
}
