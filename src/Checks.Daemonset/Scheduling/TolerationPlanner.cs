using k8s.Models;

namespace HealthChecks.Checks.Daemonset.Scheduling;

/// <summary>
/// Which tolerations the daemon pods get: the given TOLERATIONS, or one for every distinct node
/// taint that ALLOWED_TAINTS does not exclude (so the check covers tainted nodes too).
/// Upstream de-duplicated taints by value alone, dropping taints that share a value; we
/// de-duplicate by (key, value, effect).
/// </summary>
internal static class TolerationPlanner
{
    public static List<V1Toleration> Plan(IEnumerable<V1Node> nodes, IReadOnlyList<V1Toleration>? given, IReadOnlyList<TaintSpec> allowed)
    {
        if (given is not null)
        {
            return [.. given];
        }

        return nodes
            .SelectMany(n => n.Spec?.Taints ?? [])
            .Where(t => !allowed.Any(a => a.Matches(t)))
            .Select(t => (t.Key ?? "", t.Value ?? "", t.Effect ?? ""))
            .Distinct()
            .OrderBy(t => t, Comparer<(string, string, string)>.Default)
            .Select(t => t.Item2.Length == 0
                ? new V1Toleration { Key = t.Item1, OperatorProperty = "Exists", Effect = NullIfEmpty(t.Item3) }
                : new V1Toleration { Key = t.Item1, OperatorProperty = "Equal", Value = t.Item2, Effect = NullIfEmpty(t.Item3) })
            .ToList();
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
