using HealthChecks.Kube.Models;

namespace HealthChecks.Kube.Leadership;

/// <summary>
/// The record kept in a <c>coordination.k8s.io/v1</c> Lease. Updates are PUTs carrying the
/// resourceVersion of the last read, so of two writers racing exactly one wins (the other gets 409).
/// </summary>
public sealed class LeaseLock(KubeApiClient client, string @namespace, string name) : ILeaseLock
{
    private V1Lease? _last;

    public async Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken)
    {
        _last = await client.GetAsync(KubeResources.Leases, @namespace, name, cancellationToken).ConfigureAwait(false);
        var spec = _last?.Spec;
        return _last is null
            ? null
            : new LeaderElectionRecord(spec?.HolderIdentity, spec?.LeaseDurationSeconds ?? 0, spec?.AcquireTime, spec?.RenewTime, spec?.LeaseTransitions ?? 0);
    }

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        try
        {
            _last = await client.CreateAsync(
                KubeResources.Leases,
                new V1Lease { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace }, Spec = ToSpec(record, null) },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException ex) when (ex.IsConflict)
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
            _last = await client.ReplaceAsync(KubeResources.Leases, _last, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException ex) when (ex.IsConflict)
        {
            return false;
        }
    }

    // Keeps fields of the spec this client does not model (ExtensionData).
    private static V1LeaseSpec ToSpec(LeaderElectionRecord record, V1LeaseSpec? existing)
    {
        var spec = existing ?? new V1LeaseSpec();
        spec.HolderIdentity = record.HolderIdentity ?? "";
        spec.LeaseDurationSeconds = record.LeaseDurationSeconds;
        spec.AcquireTime = record.AcquireTime;
        spec.RenewTime = record.RenewTime;
        spec.LeaseTransitions = record.LeaseTransitions;
        return spec;
    }
}
