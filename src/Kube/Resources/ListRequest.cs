namespace HealthChecks.Kube.Resources;

/// <summary>The query of a list: selectors and paging.</summary>
public sealed record ListRequest
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; the server then returns <c>metadata.continue</c> while more remain.</summary>
    public int? Limit { get; init; } = 500;

    public string? Continue { get; init; }

    /// <summary>
    /// Empty: a consistent read from etcd. <c>"0"</c>: whatever the API server's watch cache holds
    /// (at least as new as it has seen), served without reading etcd and without paging.
    /// </summary>
    public string? ResourceVersion { get; init; }
}
