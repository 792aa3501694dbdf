using k8s;
using k8s.Models;

namespace HealthChecks.Kube.Leadership;

/// <summary>
/// The record kept in a <c>coordination.k8s.io/v1</c> Lease. Updates are PUTs carrying the
/// resourceVersion of the last read, so of two writers racing exactly one wins (the other gets 409).
/// </summary>
public sealed class LeaseLock(IKubernetes client, string @namespace, string name) : ILeaseLock
{
    private V1Lease? _last;

    public async Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            _last = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            _last = null;
            return null;
        }

        var spec = _last.Spec;
        return new LeaderElectionRecord(
            spec?.HolderIdentity,
            spec?.LeaseDurationSeconds ?? 0,
            spec?.AcquireTime is { } acquired ? new DateTimeOffset(DateTime.SpecifyKind(acquired, DateTimeKind.Utc)) : null,
            spec?.RenewTime is { } renewed ? new DateTimeOffset(DateTime.SpecifyKind(renewed, DateTimeKind.Utc)) : null,
            spec?.LeaseTransitions ?? 0);
    }

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        try
        {
            _last = await client.CoordinationV1.CreateNamespacedLeaseAsync(
                new V1Lease
                {
                    ApiVersion = "coordination.k8s.io/v1",
                    Kind = "Lease",
                    Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
                    Spec = ToSpec(record, null),
                },
                @namespace,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        if (_last is null)
        {
            throw new InvalidOperationException("UpdateAsync needs a Lease read by GetAsync first");
        }

        _last.Spec = ToSpec(record, _last.Spec);
        try
        {
            _last = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(_last, name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    // Keeps the spec's other fields (newer servers add some) as they were read.
    private static V1LeaseSpec ToSpec(LeaderElectionRecord record, V1LeaseSpec? existing)
    {
        var spec = existing ?? new V1LeaseSpec();
        spec.HolderIdentity = record.HolderIdentity ?? "";
        spec.LeaseDurationSeconds = record.LeaseDurationSeconds;
        spec.AcquireTime = record.AcquireTime is { } acquired ? ApiTime.Micro(acquired) : null;
        spec.RenewTime = record.RenewTime is { } renewed ? ApiTime.Micro(renewed) : null;
        spec.LeaseTransitions = record.LeaseTransitions;
        return spec;
    }
}
