namespace HealthChecks.Controller.Caching;

/// <summary>
/// Run UUIDs that were current once and have been replaced, with their check, most recent kept
/// (bounded): a report of such a run is answered at once, and finally (400 superseded), without
/// asking the API who it belonged to.
/// </summary>
internal sealed class RunHistory<TKey>(int capacity)
    where TKey : notnull
{
    private readonly Dictionary<string, LinkedListNode<(string Run, TKey Key)>> _byRun = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Run, TKey Key)> _order = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byRun.Count;
            }
        }
    }

    public void Add(string runUuid, TKey key)
    {
        lock (_gate)
        {
            if (_byRun.Remove(runUuid, out var old))
            {
                _order.Remove(old);
            }

            _byRun[runUuid] = _order.AddLast((runUuid, key));
            while (_byRun.Count > capacity && _order.First is { } oldest)
            {
                _byRun.Remove(oldest.Value.Run);
                _order.RemoveFirst();
            }
        }
    }

    public bool TryFind(string runUuid, out TKey key)
    {
        lock (_gate)
        {
            if (_byRun.TryGetValue(runUuid, out var node))
            {
                key = node.Value.Key;
                return true;
            }

            key = default!;
            return false;
        }
    }
}
