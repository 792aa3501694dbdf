using k8s.Models;

namespace HealthChecks.Checks.Common;

/// <summary>
/// Upstream's <c>TOLERATIONS</c> syntax: a comma list of <c>key</c> (tolerate any value),
/// <c>key=value</c> or <c>key=value:Effect</c> (Effect is NoSchedule, PreferNoSchedule or NoExecute).
/// </summary>
public static class TolerationSyntax
{
    public static readonly IReadOnlyList<string> Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <exception cref="FormatException">An item is malformed; the message names it.</exception>
    public static List<V1Toleration> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tolerations = new List<V1Toleration>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                tolerations.Add(new V1Toleration { Key = RequireKey(item, item), OperatorProperty = "Exists" });
                continue;
            }

            var key = RequireKey(item[..eq], item);
            var rest = item[(eq + 1)..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            var value = colon < 0 ? rest : rest[..colon];
            var effect = colon < 0 ? null : RequireEffect(rest[(colon + 1)..], item);
            tolerations.Add(new V1Toleration { Key = key, OperatorProperty = "Equal", Value = value, Effect = effect });
        }

        return tolerations;
    }

    /// <summary>The effect if it is a Kubernetes taint effect; else a <see cref="FormatException"/> naming <paramref name="item"/>.</summary>
    public static string RequireEffect(string effect, string item) =>
        Effects.Contains(effect) ? effect : throw new FormatException($"'{item}': effect '{effect}' is not one of {string.Join(", ", Effects)}");

    private static string RequireKey(string key, string item) =>
        key.Trim().Length > 0 && !key.Contains(':', StringComparison.Ordinal) ? key.Trim() : throw new FormatException($"'{item}' is not key, key=value or key=value:Effect");
}
