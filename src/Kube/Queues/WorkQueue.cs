namespace HealthChecks.Kube.Queues;

/// <summary>
/// A rate-limited, delaying work queue with client-go's guarantees: an item is queued at most
/// once however often it is added; an item is handed to one worker at a time, and an item added
/// while a worker holds it is handed out again after <see cref="Done"/>, so no change is lost and
/// no item is worked on twice at once. <see cref="AddAfter"/> holds an item back until a time
/// (the earliest asked for wins); <see cref="AddRateLimited"/> waits as the rate limiter says.
/// All waiting runs on the <see cref="TimeProvider"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "client-go's name for it; it is a queue, not a Queue<T>")]
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly PriorityQueue<T, DateTimeOffset> _waiting = new();
    private readonly Dictionary<T, DateTimeOffset> _waitingUntil = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly IRateLimiter<T> _limiter;
    private readonly ITimer _timer;
    private DateTimeOffset? _timerDue;
    private bool _shuttingDown;

    public WorkQueue(TimeProvider time, IRateLimiter<T> limiter)
    {
        _time = time;
        _limiter = limiter;
        _timer = time.CreateTimer(_ => ReleaseDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Items ready for a worker now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Items held back until a later time.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waitingUntil.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(T item)
    {
        lock (_gate)
        {
            AddLocked(item);
        }
    }

    /// <summary>Adds the item once <paramref name="delay"/> has passed (at once when not positive).</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waitingUntil.TryGetValue(item, out var already) && already <= due)
            {
                return; // an earlier wake-up is already set
            }

            _waitingUntil[item] = due;
            _waiting.Enqueue(item, due);
            ArmTimerLocked();
        }
    }

    /// <summary>Adds the item after the delay its failures so far call for (a retry).</summary>
    public void AddRateLimited(T item) => AddAfter(item, _limiter.DelayFor(item));

    /// <summary>The item succeeded: the next failure starts from the shortest delay again.</summary>
    public void Forget(T item) => _limiter.Forget(item);

    public int Failures(T item) => _limiter.Failures(item);

    /// <summary>Waits for the next item; false once the queue is shut down and drained of nothing more to hand out.</summary>
    public async ValueTask<(bool Taken, T Item)> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_queue.TryDequeue(out var item))
                {
                    _dirty.Remove(item);
                    _processing.Add(item);
                    return (true, item);
                }

                if (_shuttingDown)
                {
                    _available.Release(); // wake the next waiting worker too
                    return (false, default!);
                }
            }
        }
    }

    /// <summary>The worker is finished with the item; if it was added meanwhile, it is queued again.</summary>
    public void Done(T item)
    {
        lock (_gate)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item) && !_shuttingDown)
            {
                _queue.Enqueue(item);
                _available.Release();
            }
        }
    }

    /// <summary>Stops handing out items: waiting workers return, later adds are ignored.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            _queue.Clear();
            _dirty.Clear();
            _waiting.Clear();
            _waitingUntil.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _available.Release();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
        _available.Dispose();
    }

    private void AddLocked(T item)
    {
        if (_shuttingDown || !_dirty.Add(item))
        {
            return;
        }

        // Added now: a pending delayed add of the same item has nothing left to do.
        _waitingUntil.Remove(item);
        if (!_processing.Contains(item))
        {
            _queue.Enqueue(item);
            _available.Release();
        }
    }

    private void ReleaseDue()
    {
        lock (_gate)
        {
            _timerDue = null;
            var now = _time.GetUtcNow();
            while (_waiting.TryPeek(out var item, out var due) && due <= now)
            {
                _waiting.Dequeue();
                if (_waitingUntil.TryGetValue(item, out var current) && current == due)
                {
                    _waitingUntil.Remove(item);
                    AddLocked(item);
                }
            }

            ArmTimerLocked();
        }
    }

    private void ArmTimerLocked()
    {
        // Entries superseded by an earlier wake-up (or by a plain Add) are dropped lazily here.
        while (_waiting.TryPeek(out var item, out var due) && (!_waitingUntil.TryGetValue(item, out var current) || current != due))
        {
            _waiting.Dequeue();
        }

        if (!_waiting.TryPeek(out _, out var next))
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timerDue = null;
            return;
        }

        if (_timerDue == next)
        {
            return;
        }

        _timerDue = next;
        var delay = next - _time.GetUtcNow();
        _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
