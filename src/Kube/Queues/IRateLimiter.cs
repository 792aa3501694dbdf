namespace HealthChecks.Kube.Queues;

/// <summary>How long an item waits before it is retried (client-go's workqueue.RateLimiter).</summary>
public interface IRateLimiter<in T>
{
    /// <summary>The delay for the item's next retry; each call counts as one more failure.</summary>
    TimeSpan DelayFor(T item);

    /// <summary>The item succeeded: its failures are forgotten.</summary>
    void Forget(T item);

    int Failures(T item);
}
