namespace HealthChecks.Controller.Hosting;

/// <summary>
/// Counts failed terms in a sliding window: a term may fail now and then (and the Lease moves on),
/// but <c>limit</c> failures within <c>window</c> mean this replica cannot work, and it should be
/// restarted rather than keep taking the Lease from replicas that can.
/// </summary>
public sealed class TermFailures(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _failures = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                Expire(time.GetUtcNow());
                return _failures.Count;
            }
        }
    }

    /// <summary>Records a failure; true when the limit is reached.</summary>
    public bool Add()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Expire(now);
            _failures.Enqueue(now);
            return _failures.Count >= limit;
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_failures.TryPeek(out var oldest) && now - oldest > window)
        {
            _failures.Dequeue();
        }
    }
}
