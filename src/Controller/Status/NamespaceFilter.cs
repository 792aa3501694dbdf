namespace HealthChecks.Controller.Status;

/// <summary><c>?namespace=a,b</c> as upstream reads it: split on commas, blanks dropped; none means every namespace.</summary>
public static class NamespaceFilter
{
    public static IReadOnlySet<string>? Parse(IEnumerable<string?> values)
    {
        var set = values
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        return set.Count == 0 ? null : set;
    }
}
