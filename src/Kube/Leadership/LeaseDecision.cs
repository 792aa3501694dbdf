namespace HealthChecks.Kube.Leadership;

/// <summary>
/// The pure core of one acquire-or-renew attempt (client-go's tryAcquireOrRenew): given the
/// record in the Lease and when we first saw it, decide whether to write, and what.
/// </summary>
public static class LeaseDecision
{
    /// <summary>
    /// Returns the record to write, or null when another candidate holds a lease that has not
    /// expired. Expiry is judged from <paramref name="observedAt"/>, the local time at which the
    /// current record was first seen, never from the holder's renewTime: clocks may disagree.
    /// A record with no holder (released) is free at once.
    /// </summary>
    public static LeaderElectionRecord? Next(LeaderElectionRecord current, DateTimeOffset observedAt, string identity, TimeSpan leaseDuration, DateTimeOffset now)
    {
        var heldByMe = current.HolderIdentity == identity;
        var held = !string.IsNullOrEmpty(current.HolderIdentity);
        if (held && !heldByMe && observedAt + TimeSpan.FromSeconds(current.LeaseDurationSeconds) > now)
        {
            return null;
        }

        return new LeaderElectionRecord(
            identity,
            (int)Math.Ceiling(leaseDuration.TotalSeconds),
            heldByMe && current.AcquireTime is not null ? current.AcquireTime : now,
            now,
            heldByMe ? current.LeaseTransitions : current.LeaseTransitions + 1);
    }

    /// <summary>The record a leader writes when it steps down: no holder, a one-second lease.</summary>
    public static LeaderElectionRecord Released(LeaderElectionRecord current, DateTimeOffset now) =>
        new(null, 1, now, now, current.LeaseTransitions);
}
