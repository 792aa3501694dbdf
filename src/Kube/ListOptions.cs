using System.Globalization;
using System.Text;

namespace HealthChecks.Kube;

/// <summary>Query parameters of a list (and of a delete-collection).</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; the server then returns <c>metadata.continue</c> while more remain.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    public string? ResourceVersion { get; init; }

    internal string ToQuery()
    {
        var query = new StringBuilder();
        Append(query, "labelSelector", LabelSelector);
        Append(query, "fieldSelector", FieldSelector);
        Append(query, "limit", Limit?.ToString(CultureInfo.InvariantCulture));
        Append(query, "continue", Continue);
        Append(query, "resourceVersion", ResourceVersion);
        return query.ToString();
    }

    internal static void Append(StringBuilder query, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
