using System.Collections.Concurrent;

namespace HealthChecks.Kube.Queues;

/// <summary>Per item: <c>initial × 2^failures</c>, capped at <c>max</c>, so one failing item backs off without slowing the others.</summary>
public sealed class ExponentialBackoffLimiter<T>(TimeSpan initial, TimeSpan max) : IRateLimiter<T>
    where T : notnull
{
    private readonly ConcurrentDictionary<T, int> _failures = new();

    public TimeSpan DelayFor(T item)
    {
        var failures = _failures.AddOrUpdate(item, 1, (_, n) => n + 1) - 1;
        var ticks = initial.Ticks * Math.Pow(2, Math.Min(failures, 40));
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item) => _failures.TryRemove(item, out _);

    public int Failures(T item) => _failures.GetValueOrDefault(item);
}
