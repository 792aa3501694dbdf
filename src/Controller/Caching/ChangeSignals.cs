using System.Collections.Concurrent;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Caching;

/// <summary>
/// Wakes whoever supervises a check's run when its khstate or checker pod changes in the cache,
/// so runs end on watch events instead of polling. A signal raised while nobody waits is kept.
/// </summary>
public sealed class ChangeSignals
{
    private readonly ConcurrentDictionary<CheckKey, Listener> _listeners = new();

    public void Notify(CheckKey key)
    {
        if (_listeners.TryGetValue(key, out var listener))
        {
            listener.Release();
        }
    }

    /// <summary>Listens for changes of one check until disposed. One listener per check at a time.</summary>
    public Listener Listen(CheckKey key)
    {
        var listener = new Listener(this, key);
        _listeners[key] = listener;
        return listener;
    }

    public sealed class Listener(ChangeSignals owner, CheckKey key) : IDisposable
    {
        private readonly SemaphoreSlim _pending = new(0, 1);

        /// <summary>Returns when a change was signalled or <paramref name="timeout"/> passed.</summary>
        public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            if (timeout <= TimeSpan.Zero)
            {
                return;
            }

            using var timer = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                await _pending.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // the timeout: the caller looks again
            }
        }

        internal void Release()
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled; one pending wake-up is enough
            }
        }

        public void Dispose()
        {
            ((ICollection<KeyValuePair<CheckKey, Listener>>)owner._listeners).Remove(new(key, this));
            _pending.Dispose();
        }
    }
}
