using System.Globalization;
using System.Text;

namespace HealthChecks.Kube;

/// <summary>Parameters of one watch request.</summary>
public sealed record WatchOptions
{
    /// <summary>Resume after this version; null starts with synthetic ADDED events for every object.</summary>
    public string? ResourceVersion { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    public bool AllowBookmarks { get; init; } = true;

    /// <summary>The server ends the watch cleanly after this long, before any idle timer on the way can cut it.</summary>
    public int? TimeoutSeconds { get; init; }

    internal string ToQuery()
    {
        var query = new StringBuilder("?watch=true");
        ListOptions.Append(query, "resourceVersion", ResourceVersion);
        ListOptions.Append(query, "labelSelector", LabelSelector);
        ListOptions.Append(query, "fieldSelector", FieldSelector);
        ListOptions.Append(query, "allowWatchBookmarks", AllowBookmarks ? "true" : null);
        ListOptions.Append(query, "timeoutSeconds", TimeoutSeconds?.ToString(CultureInfo.InvariantCulture));
        return query.ToString();
    }
}
