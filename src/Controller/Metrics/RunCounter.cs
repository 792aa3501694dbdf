using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// Feeds every khstate change of the watch cache into a <see cref="RunTally"/>, from process start,
/// and each run it counts of a khcheck into <c>kuberhealthy_check_run_duration_seconds</c>. Both
/// follow one rule (a new <c>ResultUUID</c> on the watch), on every replica: whichever replica
/// stored the result and whichever leads, each finished run is observed once per process, and the
/// histogram's count agrees with <c>kuberhealthy_check_runs_total</c>. A leader-only histogram
/// would start from zero at every leader change and differ from replica to replica. The histogram
/// is a namespace's (or a check's, if configured); it goes once no check observed in it is left
/// (khcheck or khstate deleted).
/// </summary>
public sealed class RunCounter
{
    private readonly RunTally _tally = new();
    private readonly Lock _lock = new();
    private readonly ControllerMetrics _metrics;
    private readonly Func<CheckKey, bool> _isCheck;
    private readonly Dictionary<string, HashSet<CheckKey>> _observedByNamespace = new(StringComparer.Ordinal);

    public RunCounter(ControllerCaches caches, ControllerMetrics metrics)
        : this(metrics, key => caches.Checks.Get(key.Namespace, key.Name) is not null)
    {
        caches.States.Changed += StateChanged;
        caches.Checks.Changed += CheckChanged;
    }

    /// <param name="metrics">Where runs are observed.</param>
    /// <param name="isCheck">Whether a khcheck of that key exists now (khjob runs and runs of deleted checks get no histogram).</param>
    internal RunCounter(ControllerMetrics metrics, Func<CheckKey, bool> isCheck)
    {
        _metrics = metrics;
        _isCheck = isCheck;
    }

    public IReadOnlyDictionary<CheckKey, RunCounts> Snapshot()
    {
        lock (_lock)
        {
            return _tally.Snapshot();
        }
    }

    internal void StateChanged(WatchEventType type, KuberhealthyState state)
    {
        var key = ControllerCaches.KeyOf(state);
        lock (_lock)
        {
            if (type == WatchEventType.Deleted)
            {
                _tally.Forget(key);
                Forget(key);
            }
            else if (_tally.Observe(key, state.Spec)
                && state.Spec.Workload != nameof(WorkloadKind.KHJob)
                && _isCheck(key)
                && GoDuration.TryParse(state.Spec.RunDuration, out var duration))
            {
                _metrics.ObserveRun(key, duration);
                if (!_observedByNamespace.TryGetValue(key.Namespace, out var observed))
                {
                    _observedByNamespace[key.Namespace] = observed = [];
                }

                observed.Add(key);
            }
        }
    }

    // The cache drops the check before raising this, so a run counted later no longer finds it.
    internal void CheckChanged(WatchEventType type, KuberhealthyCheck check)
    {
        if (type == WatchEventType.Deleted)
        {
            lock (_lock)
            {
                Forget(ControllerCaches.KeyOf(check));
            }
        }
    }

    private void Forget(CheckKey key)
    {
        if (!_observedByNamespace.TryGetValue(key.Namespace, out var observed) || !observed.Remove(key))
        {
            return;
        }

        if (observed.Count == 0)
        {
            _observedByNamespace.Remove(key.Namespace);
        }

        _metrics.ForgetCheck(key, lastOfNamespace: observed.Count == 0);
    }
}
