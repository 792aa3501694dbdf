using HealthChecks.Kube.Leadership;

namespace HealthChecks.Kube.Tests.Leadership;

/// <summary>
/// One elector's view of a <see cref="LeaseStore"/>, as a real LeaseLock is: it remembers the
/// version it last read or wrote, and an update against an older version fails.
/// </summary>
internal sealed class InMemoryLeaseLock(LeaseStore store) : ILeaseLock
{
    private long? _version;
    private int _reads;
    private volatile bool _failing;

    /// <summary>While set, every call throws, as with an unreachable API server.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>When this lock last wrote the Lease, by the system clock.</summary>
    public DateTimeOffset LastWriteAt { get; private set; }

    /// <summary>Runs between this lock's read and its update, to make another writer win the race.</summary>
    public Action? BeforeUpdate { get; set; }

    public Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnavailable(cancellationToken);
        var (record, version) = store.Read();
        _version = record is null ? null : version;
        Interlocked.Increment(ref _reads);
        return Task.FromResult(record);
    }

    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable(cancellationToken);
        return Task.FromResult(Remember(store.TryCreate(record)));
    }

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable(cancellationToken);
        var read = _version ?? throw new InvalidOperationException("UpdateAsync needs a Lease read by GetAsync first");
        BeforeUpdate?.Invoke();
        return Task.FromResult(Remember(store.TryReplace(record, read)));
    }

    private bool Remember(long? written)
    {
        if (written is null)
        {
            return false;
        }

        _version = written;
        LastWriteAt = TimeProvider.System.GetUtcNow();
        return true;
    }

    private void ThrowIfUnavailable(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_failing)
        {
            throw new HttpRequestException("simulated: the API server is unreachable");
        }
    }
}
