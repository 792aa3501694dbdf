using HealthChecks.Kube.Leadership;

namespace HealthChecks.Kube.Tests.Leadership;

/// <summary>
/// One Lease held in memory, with a version that every write bumps, like metadata.resourceVersion:
/// a replace succeeds only against the version it read. Keeps every record written, in order.
/// </summary>
internal sealed class LeaseStore
{
    private readonly Lock _gate = new();
    private readonly List<LeaderElectionRecord> _history = [];
    private LeaderElectionRecord? _record;
    private long _version;

    public LeaderElectionRecord? Current
    {
        get
        {
            lock (_gate)
            {
                return _record;
            }
        }
    }

    public IReadOnlyList<LeaderElectionRecord> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    public (LeaderElectionRecord? Record, long Version) Read()
    {
        lock (_gate)
        {
            return (_record, _version);
        }
    }

    /// <summary>The new version, or null when the Lease exists already (409 AlreadyExists).</summary>
    public long? TryCreate(LeaderElectionRecord record)
    {
        lock (_gate)
        {
            return _record is null ? Write(record) : null;
        }
    }

    /// <summary>The new version, or null when the Lease changed since <paramref name="readVersion"/> (409 Conflict).</summary>
    public long? TryReplace(LeaderElectionRecord record, long readVersion)
    {
        lock (_gate)
        {
            return _record is not null && _version == readVersion ? Write(record) : null;
        }
    }

    /// <summary>Another writer, outside any elector.</summary>
    public void Overwrite(LeaderElectionRecord record)
    {
        lock (_gate)
        {
            Write(record);
        }
    }

    private long Write(LeaderElectionRecord record)
    {
        _record = record;
        _history.Add(record);
        return ++_version;
    }
}
