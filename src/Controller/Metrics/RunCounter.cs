using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Runs;
using k8s;

namespace HealthChecks.Controller.Metrics;

/// <summary>Feeds every khstate change of the watch cache into a <see cref="RunTally"/>, from process start.</summary>
public sealed class RunCounter
{
    private readonly RunTally _tally = new();
    private readonly Lock _lock = new();

    public RunCounter(ControllerCaches caches)
    {
        caches.States.Changed += (type, state) =>
        {
            var key = ControllerCaches.KeyOf(state);
            lock (_lock)
            {
                if (type == WatchEventType.Deleted)
                {
                    _tally.Forget(key);
                }
                else
                {
                    _tally.Observe(key, state.Spec);
                }
            }
        };
    }

    public IReadOnlyDictionary<CheckKey, RunCounts> Snapshot()
    {
        lock (_lock)
        {
            return _tally.Snapshot();
        }
    }
}
