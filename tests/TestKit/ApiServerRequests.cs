using System.Globalization;
using HealthChecks.Kube;
using k8s;

namespace HealthChecks.TestKit;

/// <summary>
/// The API server's own count of the requests it served, <c>apiserver_request_total</c> from its
/// <c>/metrics</c> (the admin may read it). Kubernetes 1.20 labels it by verb, group, resource,
/// subresource and code, not by client.
/// </summary>
public static class ApiServerRequests
{
    /// <summary>
    /// The counter summed by <c>"verb group resource subresource"</c> (<c>core</c> for the core
    /// group, <c>-</c> for none), with <c>" code"</c> appended when <paramref name="byCode"/>.
    /// </summary>
    public static async Task<Dictionary<string, double>> CountAsync(Kubernetes client, bool byCode = false)
    {
        var text = await client.GetStringAsync("/metrics");
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("apiserver_request_total{", StringComparison.Ordinal)))
        {
            var labels = line[(line.IndexOf('{') + 1)..line.LastIndexOf('}')]
                .Split("\",")
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'), StringComparer.Ordinal);
            string Label(string name) => labels.GetValueOrDefault(name) is { Length: > 0 } value ? value : "-";
            var key = $"{Label("verb")} {(labels.GetValueOrDefault("group") is { Length: > 0 } g ? g : "core")} {Label("resource")} {Label("subresource")}" + (byCode ? " " + Label("code") : "");
            counts[key] = counts.GetValueOrDefault(key) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>What grew from <paramref name="before"/> to <paramref name="after"/>, by key, sorted.</summary>
    public static List<(string Key, double Count)> Delta(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key))).Where(d => d.Count > 0).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
}
