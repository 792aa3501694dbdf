namespace HealthChecks.Kube.Leadership;

/// <summary>Storage of the leadership record: the seam between the algorithm and the API (tests use memory).</summary>
public interface ILeaseLock
{
    /// <summary>The current record, or null when the Lease does not exist.</summary>
    Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Creates the Lease; false when someone else created it first.</summary>
    Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces the record read last by <see cref="GetAsync"/>; false when it changed since (409).</summary>
    Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken);
}
