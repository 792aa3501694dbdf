namespace HealthChecks.LocalCluster.Simulation;

/// <summary>
/// Look-ups in the official models' maps (labels, data, quantities), which are
/// <see cref="IDictionary{TKey, TValue}"/>, possibly null, and have no GetValueOrDefault.
/// </summary>
internal static class Maps
{
    public static TValue? ValueOrNull<TValue>(this IDictionary<string, TValue>? map, string key)
        where TValue : class =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    public static IEnumerable<KeyValuePair<string, TValue>> OrEmpty<TValue>(this IDictionary<string, TValue>? map) =>
        map ?? Enumerable.Empty<KeyValuePair<string, TValue>>();
}
