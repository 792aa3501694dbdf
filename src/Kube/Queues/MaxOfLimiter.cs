namespace HealthChecks.Kube.Queues;

/// <summary>The longest delay of several limiters (client-go's default: per-item backoff and an overall bucket).</summary>
public sealed class MaxOfLimiter<T>(params IRateLimiter<T>[] limiters) : IRateLimiter<T>
{
    public TimeSpan DelayFor(T item)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var delay = limiter.DelayFor(item);
            longest = delay > longest ? delay : longest;
        }

        return longest;
    }

    public void Forget(T item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    public int Failures(T item) => limiters.Max(l => l.Failures(item));
}
