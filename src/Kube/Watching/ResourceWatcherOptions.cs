namespace HealthChecks.Kube.Watching;

public sealed record ResourceWatcherOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Objects per list page when relisting after a 410 (the first list is served whole from the API server's watch cache).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Asks the server to end each watch cleanly after this long; the watcher then resumes from
    /// its last resourceVersion (one cheap request). Short, so that a stream that goes quiet
    /// because its connection died is noticed soon: see <see cref="IdleTimeout"/>.
    /// </summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// A stream that has said nothing (no event, no bookmark, no close) for this long is presumed
    /// dead (a half-open connection, a blackholed network) and replaced, within a minute. Must
    /// exceed <see cref="ServerTimeout"/>, or healthy quiet streams would be cut.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
