namespace HealthChecks.LocalCluster.Pods;

/// <summary>Counts pod status writes, so tests and logs can show there is one per real change.</summary>
internal sealed class StatusWriteCounter
{
    private long _writes;

    public long Writes => Interlocked.Read(ref _writes);

    public void Add() => Interlocked.Increment(ref _writes);
}
