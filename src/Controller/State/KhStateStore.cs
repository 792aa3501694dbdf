using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube;

namespace HealthChecks.Controller.State;

/// <summary>
/// Writes khstates safely. A change is a function that edits a copy of the latest spec and says
/// whether there is anything to write; the write carries the resourceVersion it was based on, and
/// a conflict means: read again and let the function decide again (never overwrite blindly).
/// </summary>
public sealed class KhStateStore(KuberhealthyApi api, ResourceCache<KuberhealthyState> cache)
{
    public const int MaxAttempts = 8;

    /// <param name="key">The khstate (same namespace and name as its check).</param>
    /// <param name="change">Edits the spec; returns false when nothing should be written.</param>
    /// <param name="createIfMissing">Create the khstate when there is none.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The written khstate, or null when <paramref name="change"/> declined (or the khstate is missing).</returns>
    public async Task<KuberhealthyState?> UpdateAsync(
        CheckKey key, Func<KhStateSpec, bool> change, bool createIfMissing, CancellationToken cancellationToken)
    {
        var current = cache.Get(key.Namespace, key.Name);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var written = current is null
                    ? await CreateAsync(key, change, createIfMissing, cancellationToken)
                    : await ReplaceAsync(current, change, cancellationToken);
                if (written is not null)
                {
                    cache.Remember(written);
                }

                return written;
            }
            catch (Exception ex) when ((ex.IsConflict() || ex.IsNotFound()) && attempt < MaxAttempts)
            {
                current = await api.States.GetAsync(key.Namespace, key.Name, cancellationToken);
                if (current is not null)
                {
                    // The cache lags this copy: without it, a caller whose change declines (a run
                    // begun or a result stored elsewhere) would decide again from the stale copy.
                    cache.Remember(current);
                }
            }
        }
    }

    /// <summary>The khstate as the API server has it now (one GET), for decisions a stale cache must not make.</summary>
    public async Task<KuberhealthyState?> ReadFreshAsync(CheckKey key, CancellationToken cancellationToken)
    {
        var fresh = await api.States.GetAsync(key.Namespace, key.Name, cancellationToken);
        if (fresh is not null)
        {
            cache.Remember(fresh);
        }

        return fresh;
    }

    private async Task<KuberhealthyState?> CreateAsync(
        CheckKey key, Func<KhStateSpec, bool> change, bool createIfMissing, CancellationToken cancellationToken)
    {
        if (!createIfMissing)
        {
            return null;
        }

        var state = new KuberhealthyState
        {
            ApiVersion = KhResources.ApiVersion,
            Kind = KhResources.States.Kind,
            Metadata = new() { Name = key.Name, NamespaceProperty = key.Namespace },
            Spec = new KhStateSpec { Namespace = key.Namespace, OK = true },
        };
        return change(state.Spec) ? await api.States.CreateAsync(state, cancellationToken) : null;
    }

    private async Task<KuberhealthyState?> ReplaceAsync(
        KuberhealthyState current, Func<KhStateSpec, bool> change, CancellationToken cancellationToken)
    {
        var copy = Clone(current);
        return change(copy.Spec) ? await api.States.ReplaceAsync(copy, cancellationToken) : null;
    }

    // Cached objects are shared with readers: a change always works on a private copy.
    private static KuberhealthyState Clone(KuberhealthyState state) =>
        JsonCopy.Of(state);
}
