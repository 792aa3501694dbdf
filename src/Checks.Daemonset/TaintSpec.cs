using HealthChecks.Checks.Common;
using k8s.Models;

namespace HealthChecks.Checks.Daemonset;

/// <summary>One <c>ALLOWED_TAINTS</c> item: <c>key=value:Effect</c> or <c>key:Effect</c> (any value). A taint the check must not tolerate.</summary>
internal sealed record TaintSpec(string Key, string? Value, string Effect)
{
    public bool Matches(V1Taint taint) =>
        taint.Key == Key && taint.Effect == Effect && (Value is null || (taint.Value ?? "") == Value);

    /// <exception cref="FormatException">An item is malformed.</exception>
    public static List<TaintSpec> ParseList(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();

    private static TaintSpec Parse(string item)
    {
        var colon = item.LastIndexOf(':');
        if (colon <= 0)
        {
            throw new FormatException($"'{item}' is not key=value:Effect or key:Effect");
        }

        var effect = TolerationSyntax.RequireEffect(item[(colon + 1)..], item);
        var keyValue = item[..colon];
        var eq = keyValue.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? new TaintSpec(keyValue, null, effect) : new TaintSpec(keyValue[..eq], keyValue[(eq + 1)..], effect);
    }
}
