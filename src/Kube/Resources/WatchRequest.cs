namespace HealthChecks.Kube.Resources;

/// <summary>The query of one watch request (bookmarks are always asked for).</summary>
public sealed record WatchRequest
{
    /// <summary>Where to resume: events after this version.</summary>
    public required string ResourceVersion { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>The server ends the stream cleanly after this long.</summary>
    public int? TimeoutSeconds { get; init; }
}
