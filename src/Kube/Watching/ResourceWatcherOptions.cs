namespace HealthChecks.Kube.Watching;

public sealed record ResourceWatcherOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Objects per list page when (re)listing.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Asks the server to end each watch cleanly after this long; the watcher then resumes from
    /// its last resourceVersion. Well under the API server's own 30-60 minute limit.
    /// </summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromSeconds(290);

    /// <summary>
    /// A stream that has said nothing (no event, no bookmark, no close) for this long is presumed
    /// dead (a half-open connection) and replaced. Must exceed <see cref="ServerTimeout"/>.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(330);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
