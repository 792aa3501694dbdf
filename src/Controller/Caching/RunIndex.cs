namespace HealthChecks.Controller.Caching;

/// <summary>
/// Which cached object belongs to a run UUID, kept up to date as objects change, so report intake
/// finds a run's khstate and pod in constant time instead of scanning every cached object (a
/// report per run, thousands of checks). Each object is indexed under its current run only.
/// </summary>
/// <typeparam name="TKey">How the cache names an object (namespace and name).</typeparam>
internal sealed class RunIndex<TKey>
    where TKey : notnull
{
    private readonly Dictionary<string, TKey> _byRun = new(StringComparer.Ordinal);
    private readonly Dictionary<TKey, string> _byObject = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byRun.Count;
            }
        }
    }

    /// <summary>Records that <paramref name="key"/> now belongs to <paramref name="runUuid"/> (none when empty).</summary>
    /// <returns>The run it belonged to before, when that changed.</returns>
    public string? Set(TKey key, string? runUuid)
    {
        lock (_lock)
        {
            string? replaced = null;
            if (_byObject.Remove(key, out var previous) && _byRun.TryGetValue(previous, out var owner) && EqualityComparer<TKey>.Default.Equals(owner, key))
            {
                _byRun.Remove(previous);
                replaced = previous == runUuid ? null : previous;
            }

            if (!string.IsNullOrEmpty(runUuid))
            {
                _byRun[runUuid] = key;
                _byObject[key] = runUuid;
            }

            return replaced;
        }
    }

    public void Remove(TKey key) => Set(key, null);

    public bool TryFind(string runUuid, out TKey key)
    {
        lock (_lock)
        {
            return _byRun.TryGetValue(runUuid, out key!);
        }
    }
}
